import type { OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import type { OutboundAddressGuard } from '@so/shared';

/** Only this much of a response body is read and kept; the rest is discarded. */
export const RESPONSE_BODY_LIMIT_BYTES = 20 * 1024;
const MAX_HEADERS = 64;
const MAX_HEADER_VALUE = 1024;
/** Parsed endpoint URLs remembered; beyond this the memory starts over. */
const PARSED_URLS_MAX = 10_000;

export interface WebhookHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** At most RESPONSE_BODY_LIMIT_BYTES, decoded as UTF-8. */
  body: string;
}

/**
 * Outbound POSTs for deliveries on one keep-alive undici pool. Bounded everywhere: connect, response
 * headers and body each time out, the whole exchange has a deadline, redirects are never followed
 * (undici's request does not follow them) and at most 20 KB of the answer is read.
 */
export class WebhookHttpClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly urls = new Map<string, Readonly<URL>>();

  constructor(
    private readonly guard: OutboundAddressGuard,
    private readonly timeoutMs: number,
    /**
     * Keep-alive sockets per origin. Per-endpoint concurrency is capped before dispatch (the
     * throttle), so this only has to be large enough not to queue attempts the cap already allowed.
     */
    connectionsPerOrigin = 128,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connections: connectionsPerOrigin,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: Math.min(timeoutMs, 10_000), lookup: guard.lookup },
    });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookHttpResponse> {
    const target = this.parsed(url);
    // Refuse before opening anything. Required for IP-literal hosts, which never reach the
    // connect-time lookup; for names it primes the guard's cache with the vetted answer.
    await this.guard.resolve(target.hostname);
    // The deadline of the whole exchange, body included. A controller and a timer cleared at the
    // end cost about half of what AbortSignal.timeout does (it registers every signal for GC).
    const controller = new AbortController();
    const deadline = setTimeout(
      () => controller.abort(new DOMException('the delivery attempt timed out', 'TimeoutError')),
      this.timeoutMs,
    );
    try {
      const response = await request(target, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: controller.signal,
      });
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body: await readAtMost(response.body),
      };
    } finally {
      clearTimeout(deadline);
    }
  }

  /** Endpoint URLs parsed once: every delivery to an endpoint posts to the same one. */
  private parsed(url: string): URL {
    let target = this.urls.get(url);
    if (target === undefined) {
      target = new URL(url);
      if (this.urls.size >= PARSED_URLS_MAX) this.urls.clear();
      this.urls.set(url, target);
    }
    return target;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Runs after the worker stopped (beforeApplicationShutdown), so no attempt is cut off. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

async function readAtMost(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const room = RESPONSE_BODY_LIMIT_BYTES - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      // Leaving the loop destroys the stream: the rest is never downloaded.
      if (size >= RESPONSE_BODY_LIMIT_BYTES) break;
    }
  } catch {
    // The status already arrived; a body cut short by a timeout or reset keeps what was read.
    body.destroy();
  }
  return sanitizeText(Buffer.concat(chunks).toString('utf8'));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, MAX_HEADERS)) {
    if (value === undefined) continue;
    flat[sanitizeText(name.toLowerCase())] = sanitizeText(Array.isArray(value) ? value.join(', ') : value).slice(
      0,
      MAX_HEADER_VALUE,
    );
  }
  return flat;
}

/** Postgres text and jsonb cannot hold NUL characters. */
function sanitizeText(value: string): string {
  return value.replace(/\u0000/g, '');
}
