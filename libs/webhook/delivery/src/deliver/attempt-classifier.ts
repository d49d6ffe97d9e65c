import { parseRetryAfterMs } from '../retry/retry-schedule.js';
import type { WebhookHttpResponse } from '../send/webhook-http.client.js';

/**
 * How an attempt ended, per the Standard Webhooks rules: only 2xx is success; everything else,
 * redirects included, is a failure that is retried, except 410 Gone (the receiver asks us to stop:
 * the endpoint is disabled) and an SSRF refusal (retrying cannot succeed until the configuration changes).
 */
export type AttemptVerdict =
  | { kind: 'succeeded' }
  | { kind: 'retryable'; reason: string; retryAfterMs?: number }
  | { kind: 'gone'; reason: string }
  | { kind: 'refused'; reason: string };

export function classifyResponse(response: WebhookHttpResponse): AttemptVerdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'succeeded' };
  if (status === 410) return { kind: 'gone', reason: 'the endpoint answered 410 Gone' };
  if (status >= 300 && status < 400) {
    return {
      kind: 'retryable',
      reason: `redirect (${status}) not followed: webhook endpoints must answer 2xx directly`,
    };
  }
  if (status === 429 || status === 503) {
    return {
      kind: 'retryable',
      reason: `HTTP ${status}`,
      retryAfterMs: parseRetryAfterMs(response.headers['retry-after']),
    };
  }
  return { kind: 'retryable', reason: `HTTP ${status}` };
}

/** A short, partner-readable description of a transport failure (no stack, no internals). */
export function describeTransportError(error: unknown): string {
  // Duck-typed: undici and AbortSignal errors (DOMException) are not always `instanceof Error` across realms.
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') {
    return String(error).slice(0, 500);
  }
  const { name, message, code } = error as { name?: unknown; message: string; code?: unknown };
  if (name === 'TimeoutError') return 'timeout: the endpoint did not answer in time';
  const text = typeof code === 'string' ? `${code}: ${message}` : message;
  return text.slice(0, 500);
}
