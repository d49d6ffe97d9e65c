import type { LoggerService } from '@nestjs/common';
import { DOMAIN_EVENT_STREAM, parseDomainEventFields as parseEvent, type AnyDomainEvent } from '@so/contracts';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';

type StreamEntry = [id: string, fields: string[] | null];
/** `entryId` is the event's Redis stream id: a resumable position (SSE `Last-Event-ID`). */
export type DomainEventListener = (event: AnyDomainEvent, entryId: string) => void;
export interface StreamedEvent {
  entryId: string;
  event: AnyDomainEvent;
}

/** A Redis stream entry id (`<ms>-<seq>`); anything else is not a position in the stream. */
export const STREAM_ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * One reader of the domain event stream per gateway process, fanned out in memory to every
 * subscription. It tails with plain XREAD (no consumer group): subscriptions are live views, so a
 * gateway that was down has nobody to catch up for, and each replica must see every event.
 */
export class EventStreamTail {
  private readonly listeners = new Set<DomainEventListener>();
  private running = false;
  private loop?: Promise<void>;
  private lastId = '0-0';

  constructor(
    /** A dedicated connection: XREAD BLOCK holds it. */
    private readonly redis: Redis,
    private readonly logger: LoggerService,
    private readonly blockMs = 5_000,
    /** Any non-blocking connection for range reads (the tail's own one is held by XREAD BLOCK). */
    private readonly rangeReader: Pick<Redis, 'xrange'> = redis,
  ) {}

  /** Starts after the newest entry: a concrete id, so nothing published between two reads is missed. */
  async start(): Promise<void> {
    const newest = (await this.redis.xrevrange(DOMAIN_EVENT_STREAM, '+', '-', 'COUNT', 1)) as StreamEntry[];
    this.lastId = newest[0]?.[0] ?? '0-0';
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.listeners.clear();
    this.redis.disconnect(); // unblocks a pending XREAD
    await this.loop?.catch(() => undefined);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events after `entryId` already in the stream (at most `limit`, oldest first): what a client that
   * reconnects with its last seen position missed. Reads a separate connection-free range, so it does
   * not disturb the blocking tail.
   */
  async eventsAfter(entryId: string, limit: number): Promise<StreamedEvent[]> {
    if (!STREAM_ENTRY_ID.test(entryId)) return [];
    const entries = (await this.rangeReader.xrange(DOMAIN_EVENT_STREAM, `(${entryId}`, '+', 'COUNT', limit)) as StreamEntry[];
    const events: StreamedEvent[] = [];
    for (const [id, fields] of entries) {
      const event = parseEvent(fields);
      if (event) events.push({ entryId: id, event });
    }
    return events;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const response = (await this.redis.xread(
          'COUNT',
          500,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          DOMAIN_EVENT_STREAM,
          this.lastId,
        )) as Array<[string, StreamEntry[]]> | null;
        for (const [, entries] of response ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            const event = parseEvent(fields);
            if (event) this.dispatch(event, id);
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn(`event stream read failed, retrying: ${error instanceof Error ? error.message : String(error)}`, 'EventStreamTail');
        await sleep(500);
      }
    }
  }

  private dispatch(event: AnyDomainEvent, entryId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(event, entryId);
      } catch (error) {
        this.logger.error(`subscription listener failed: ${error instanceof Error ? error.message : String(error)}`, 'EventStreamTail');
      }
    }
  }
}
