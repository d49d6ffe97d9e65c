import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { SseStream } from './sse-stream.js';

/** The SSE streams this process holds open, ended at shutdown so the HTTP server can close. */
@Injectable()
export class OpenSseStreams implements BeforeApplicationShutdown {
  private readonly streams = new Set<SseStream>();

  add(stream: SseStream): void {
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
  }

  get size(): number {
    return this.streams.size;
  }

  beforeApplicationShutdown(): void {
    for (const stream of [...this.streams]) stream.close();
  }
}
