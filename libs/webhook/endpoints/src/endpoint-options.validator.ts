import type { FieldViolation } from '@so/shared';
import type { WebhookSigningScheme } from '@so/webhook-data-access';

const MAX_RATE = 10_000;
const MAX_HEADERS = 20;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const MAX_HEADER_VALUE = 1024;
const MAX_FILTER_BYTES = 4096;
/** Headers we set ourselves (or that the transport owns): a partner's custom header may not replace them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'user-agent', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);

export function validateRateLimit(value: number | null | undefined, violations: FieldViolation[]): number | null {
  if (value === undefined || value === null || value === 0) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_RATE) {
    violations.push({ field: 'rateLimitPerSecond', description: `must be a whole number between 1 and ${MAX_RATE} (0 = unlimited)` });
    return null;
  }
  return value;
}

export function validateHeaders(headers: Record<string, string> | null | undefined, violations: FieldViolation[]): Record<string, string> {
  const entries = Object.entries(headers ?? {});
  if (entries.length > MAX_HEADERS) {
    violations.push({ field: 'headers', description: `at most ${MAX_HEADERS} custom headers` });
    return {};
  }
  const valid: Record<string, string> = {};
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) {
      violations.push({ field: `headers.${name.slice(0, 64)}`, description: 'not a valid header name' });
    } else if (RESERVED_HEADERS.has(lower) || lower.startsWith('webhook-')) {
      violations.push({ field: `headers.${name}`, description: 'is set by the platform and cannot be overridden' });
    } else if (typeof value !== 'string' || value.length > MAX_HEADER_VALUE || /[\r\n\0]/.test(value)) {
      violations.push({ field: `headers.${name}`, description: `value must be at most ${MAX_HEADER_VALUE} characters on one line` });
    } else {
      valid[lower] = value;
    }
  }
  return valid;
}

/** The filter is a JSON object the event envelope must contain (Postgres jsonb `@>`), e.g. {"data":{"status":"FAILED"}}. */
export function validateFilter(json: string | null | undefined, violations: FieldViolation[]): Record<string, unknown> | null {
  const text = (json ?? '').trim();
  if (text === '') return null;
  if (Buffer.byteLength(text) > MAX_FILTER_BYTES) {
    violations.push({ field: 'filter', description: `at most ${MAX_FILTER_BYTES} bytes` });
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    violations.push({ field: 'filter', description: 'must be JSON' });
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    violations.push({ field: 'filter', description: 'must be a non-empty JSON object the event must contain, e.g. {"data":{"status":"FAILED"}}' });
    return null;
  }
  return parsed as Record<string, unknown>;
}

export function validateSigningScheme(value: string | null | undefined, violations: FieldViolation[]): WebhookSigningScheme {
  const scheme = (value ?? '').trim() || 'hmac';
  if (scheme !== 'hmac' && scheme !== 'ed25519') {
    violations.push({ field: 'signingScheme', description: 'must be "hmac" or "ed25519"' });
    return 'hmac';
  }
  return scheme;
}
