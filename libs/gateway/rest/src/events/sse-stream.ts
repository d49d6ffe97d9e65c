import type { ServerResponse } from 'node:http';
import type { SseMessage } from './sse-messages.js';

export interface SseStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** A client that lets this many bytes pile up unread is disconnected rather than buffered without bound. */
  maxBufferedBytes: number;
  /** How long a browser's EventSource waits before reconnecting (the `retry:` field). */
  retryMs: number;
}

export const DEFAULT_SSE_OPTIONS: SseStreamOptions = { heartbeatMs: 15_000, maxBufferedBytes: 1 << 20, retryMs: 3_000 };

/** Event names and ids end at a line break in the protocol; ours never contain one, this makes sure. */
const oneLine = (value: string) => value.replace(/[\r\n]/g, ' ');

/**
 * One open `text/event-stream` response. Written directly to the socket (the Fastify reply is
 * hijacked), one `event:`/`id:`/`data:` frame per message; `data` is one JSON line.
 */
export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly options: SseStreamOptions = DEFAULT_SSE_OPTIONS,
    extraHeaders: Record<string, string> = {},
  ) {
    response.writeHead(200, {
      ...extraHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${options.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
    response.once('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: SseMessage): void {
    const id = message.id ? `id: ${oneLine(message.id)}\n` : '';
    this.write(`event: ${oneLine(message.type)}\n${id}data: ${JSON.stringify(message.data)}\n\n`);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Ends the stream (idempotent); the client's EventSource reconnects unless it was told the stream is over. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (!this.response.writableEnded) this.response.end();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.response.writableLength > this.options.maxBufferedBytes) {
      this.response.destroy();
      this.close();
      return;
    }
    this.response.write(chunk);
  }
}
