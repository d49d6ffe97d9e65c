import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedTarget } from '../target/target-policy.js';
import type { ProbeExchange, ProbeRequest, ReceivedResponse } from './probe.types.js';

export interface ProbeClientOptions {
  /** Whole-exchange limit per request (connect, headers and capped body). */
  requestTimeoutMs: number;
  maxBodyBytes: number;
  /** Open sockets at most; requests beyond queue in the agent. */
  maxSockets: number;
}

export const DEFAULT_PROBE_OPTIONS: ProbeClientOptions = {
  requestTimeoutMs: 10_000,
  maxBodyBytes: 64 * 1024,
  maxSockets: 4,
};

const USER_AGENT = 'SecurityOrchestrator/0.1 (authorized API security scan)';

/**
 * HTTP client for probing one vetted target. It is built on node:http rather than undici because
 * undici 8 needs Node >= 22.19 and the services run on Node 20; node:http gives the same
 * guarantees: keep-alive agent, a `lookup` pinned to the vetted address (DNS rebinding cannot
 * move the connection), no redirect following, capped bodies and per-request deadlines tied to the
 * run's AbortSignal so cancelling aborts in-flight sockets.
 */
export class ProbeClient {
  private readonly agent: http.Agent;
  private readonly lookup: LookupFunction;
  private sent = 0;

  constructor(
    private readonly target: VettedTarget,
    private readonly signal: AbortSignal,
    private readonly options: ProbeClientOptions = DEFAULT_PROBE_OPTIONS,
  ) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.agent = target.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    const { address, family } = target;
    this.lookup = ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (opts?.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    }) as unknown as LookupFunction;
  }

  /** Requests sent so far (the request budget counts these). */
  get requestsSent(): number {
    return this.sent;
  }

  /**
   * Absolute URL for a path relative to the target, keeping the target's base path: `''` is the
   * target itself, `?q` the target path with another query, `/x` appended to the base path.
   */
  urlFor(path: string): URL {
    const { origin, pathname } = this.target.url;
    if (path === '') return new URL(this.target.url);
    // Concatenate, never resolve: a spec path like `//evil.example/x` must stay a path on the target.
    if (path.startsWith('?')) return new URL(`${origin}${pathname}${path}`);
    const base = pathname.replace(/\/+$/, '');
    return new URL(`${origin}${base}${path.startsWith('/') ? path : `/${path}`}`);
  }

  send(request: ProbeRequest): Promise<ProbeExchange> {
    this.signal.throwIfAborted();
    this.sent += 1;
    const url = this.urlFor(request.path);
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'application/json, */*;q=0.5',
      ...lowerKeys(request.headers ?? {}),
    };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const sent = {
      method: request.method,
      url: url.toString(),
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
    const signal = AbortSignal.any([this.signal, AbortSignal.timeout(this.options.requestTimeoutMs)]);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<ProbeExchange>((resolve, reject) => {
      const req = transport.request(
        {
          method: request.method,
          protocol: url.protocol,
          host: this.target.hostname,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          headers,
          agent: this.agent,
          lookup: this.lookup,
          signal,
          ...(this.target.hostname === this.target.address ? {} : { servername: this.target.hostname }),
        },
        (res) => {
          readCapped(res, this.options.maxBodyBytes).then(
            ({ body, truncated }) => resolve({ request: sent, response: toResponse(res, body, truncated) }),
            reject,
          );
        },
      );
      req.on('error', (error) => reject(signal.aborted ? (signal.reason ?? error) : error));
      req.end(request.body);
    });
  }

  /** Like `send`, but a failed exchange is `undefined`; cancellation still rejects. */
  async trySend(request: ProbeRequest): Promise<ProbeExchange | undefined> {
    try {
      return await this.send(request);
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason ?? error;
      return undefined;
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

function readCapped(res: http.IncomingMessage, maxBytes: number): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean): void => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated });
    };
    res.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
      size += Math.min(room, chunk.length);
      if (size >= maxBytes) {
        finish(true);
        // Stop downloading: a hostile target could stream forever.
        res.destroy();
      }
    });
    res.on('end', () => finish(false));
    res.on('error', (error) => {
      if (!done) reject(error);
    });
    res.on('close', () => {
      if (!done && !res.complete) reject(new Error('connection closed before the response ended'));
      else finish(false);
    });
  });
}

function toResponse(res: http.IncomingMessage, body: string, truncated: boolean): ReceivedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return {
    httpVersion: res.httpVersion,
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers,
    body,
    truncated,
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
