import type { LoggerService } from '@nestjs/common';
import { DOMAIN_EVENT_STREAM, parseDomainEventFields as parseEvent, streamFieldValue, type AnyDomainEvent, type EventType } from '@so/contracts';
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
interface Subscription {
  listener: DomainEventListener;
  /** The event types it wants; undefined = every type. */
  types?: ReadonlySet<string>;
}

export class EventStreamTail {
  private readonly listeners = new Set<Subscription>();
  /** Listeners that take every type; while there are none, only wanted types are parsed. */
  private allTypesListeners = 0;
  /** How many listeners want each type (listeners of every type not counted). */
  private readonly wantedTypes = new Map<string, number>();
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
    this.allTypesListeners = 0;
    this.wantedTypes.clear();
    this.redis.disconnect(); // unblocks a pending XREAD
    await this.loop?.catch(() => undefined);
  }

  /**
   * Returns the unsubscribe function. A listener that names `types` gets only those; an entry of a
   * type nobody wants is skipped without parsing its JSON (most of a busy stream, when the only
   * listener is a cache waiting for one rare type).
   */
  subscribe(listener: DomainEventListener, types?: readonly EventType[]): () => void {
    const subscription: Subscription = { listener, types: types ? new Set(types) : undefined };
    this.listeners.add(subscription);
    this.countWanted(subscription, 1);
    return () => {
      if (this.listeners.delete(subscription)) this.countWanted(subscription, -1);
    };
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
            if (!this.anyoneWants(fields)) continue;
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

  private countWanted(subscription: Subscription, delta: 1 | -1): void {
    if (!subscription.types) {
      this.allTypesListeners += delta;
      return;
    }
    for (const type of subscription.types) {
      const count = (this.wantedTypes.get(type) ?? 0) + delta;
      if (count > 0) this.wantedTypes.set(type, count);
      else this.wantedTypes.delete(type);
    }
  }

  /** From the `type` field the publisher writes beside the event; an entry without one is parsed. */
  private anyoneWants(fields: string[] | null): boolean {
    if (this.allTypesListeners > 0) return true;
    if (this.wantedTypes.size === 0) return false;
    const type = fields ? streamFieldValue(fields, 'type') : undefined;
    return type === undefined || this.wantedTypes.has(type);
  }

  private dispatch(event: AnyDomainEvent, entryId: string): void {
    for (const { listener, types } of this.listeners) {
      if (types && !types.has(event.type)) continue;
      try {
        listener(event, entryId);
      } catch (error) {
        this.logger.error(`subscription listener failed: ${error instanceof Error ? error.message : String(error)}`, 'EventStreamTail');
      }
    }
  }
}
