import type { AnyDomainEvent, EventType } from '@so/contracts';
import { DEAD_EVENT_STREAM, DOMAIN_EVENT_STREAM, streamFieldValue as fieldValue } from '@so/contracts';
import type { Redis } from 'ioredis';
import { runWithCorrelation } from '../logging/correlation.js';

export interface EventConsumerOptions {
  /** Consumer group: one per consuming service, so each service sees every event once. */
  group: string;
  /** Unique per process, so a crashed instance's pending events can be claimed by others. */
  consumer: string;
  /** Only these types reach the handler; others are acknowledged and skipped. */
  types?: readonly EventType[];
  handle: (event: AnyDomainEvent) => Promise<void>;
  onError: (error: unknown, event: AnyDomainEvent | undefined) => void;
  batchSize?: number;
  blockMs?: number;
  /** Pending events idle this long (a consumer died mid-handling) are claimed and retried. */
  reclaimIdleMs?: number;
  /**
   * Deliveries after which an event whose handler keeps failing is moved to the dead-event stream
   * (and acknowledged) instead of being retried forever (default 10).
   */
  maxDeliveries?: number;
  /**
   * Entries of one read handled at once (default 1: strictly one after another). Above 1, events of
   * a batch may be handled out of order; each is still acknowledged only after its own handler succeeded.
   */
  concurrency?: number;
}

type StreamEntry = [id: string, fields: string[]];
type PendingEntry = [id: string, consumer: string, idleMs: number, deliveries: number];

/** Dead events kept at most (approximately): the oldest go first. */
const DEAD_EVENT_STREAM_MAX = 10_000;

/** Reported through `onError` when an event is set aside after its last allowed delivery. */
export class EventDeadLetteredError extends Error {
  constructor(
    readonly entryId: string,
    readonly deliveries: number,
  ) {
    super(`event ${entryId} failed ${deliveries - 1} deliveries: moved to ${DEAD_EVENT_STREAM}`);
    this.name = 'EventDeadLetteredError';
  }
}

/**
 * At-least-once consumer of the domain event stream (Redis consumer groups). An event is
 * acknowledged only after its handler succeeded; failures stay pending and are retried via
 * XAUTOCLAIM. Handlers must be idempotent on `event.id`.
 */
export class EventBusConsumer {
  private running = false;
  private loop?: Promise<void>;

  constructor(
    /** A dedicated connection: XREADGROUP BLOCK holds it. */
    private readonly redis: Redis,
    private readonly options: EventConsumerOptions,
  ) {}

  async start(): Promise<void> {
    await this.ensureGroup();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    // Unblock a pending XREADGROUP promptly.
    this.redis.disconnect();
    await this.loop?.catch(() => undefined);
  }

  private async ensureGroup(): Promise<void> {
    try {
      // '0' so a service deployed after events were published still processes the retained ones.
      await this.redis.xgroup('CREATE', DOMAIN_EVENT_STREAM, this.options.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async run(): Promise<void> {
    let lastReclaim = 0;
    while (this.running) {
      try {
        const now = Date.now();
        if (now - lastReclaim > (this.options.reclaimIdleMs ?? 30_000) / 2) {
          lastReclaim = now;
          await this.reclaim();
        }
        const response = (await this.redis.xreadgroup(
          'GROUP',
          this.options.group,
          this.options.consumer,
          'COUNT',
          this.options.batchSize ?? 100,
          'BLOCK',
          this.options.blockMs ?? 1000,
          'STREAMS',
          DOMAIN_EVENT_STREAM,
          '>',
        )) as Array<[string, StreamEntry[]]> | null;
        if (!response) continue;
        for (const [, entries] of response) await this.handleEntries(entries);
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error, undefined);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async reclaim(): Promise<void> {
    const result = (await this.redis.xautoclaim(
      DOMAIN_EVENT_STREAM,
      this.options.group,
      this.options.consumer,
      this.options.reclaimIdleMs ?? 30_000,
      '0',
      'COUNT',
      100,
    )) as [string, StreamEntry[]];
    const claimed = result[1];
    if (claimed.length === 0) return;
    const retried = await this.setAsideExhausted(claimed);
    if (retried.length > 0) await this.handleEntries(retried);
  }

  /**
   * Moves the claimed entries that were delivered more than `maxDeliveries` times (the claim itself
   * counts one) to the dead-event stream, acknowledging each in the same transaction, and returns the
   * others: a poison event stops costing a retry every reclaim period and is kept, not dropped.
   */
  private async setAsideExhausted(claimed: StreamEntry[]): Promise<StreamEntry[]> {
    const maxDeliveries = this.options.maxDeliveries ?? 10;
    const first = claimed[0]?.[0] as string;
    const last = claimed.at(-1)?.[0] as string;
    const pending = (await this.redis.xpending(DOMAIN_EVENT_STREAM, this.options.group, first, last, claimed.length, this.options.consumer)) as PendingEntry[];
    const deliveries = new Map(pending.map(([id, , , count]) => [id, Number(count)]));
    const retried: StreamEntry[] = [];
    for (const entry of claimed) {
      const [id, fields] = entry;
      const count = deliveries.get(id) ?? 0;
      if (!fields || count <= maxDeliveries) {
        retried.push(entry);
        continue;
      }
      await this.redis
        .multi()
        .xadd(DEAD_EVENT_STREAM, 'MAXLEN', '~', DEAD_EVENT_STREAM_MAX, '*', 'group', this.options.group, 'entryId', id, 'deliveries', String(count), ...fields)
        .xack(DOMAIN_EVENT_STREAM, this.options.group, id)
        .exec();
      this.options.onError(new EventDeadLetteredError(id, count), parseEvent(fields));
    }
    return retried;
  }

  /**
   * Handles one read and acknowledges every entry whose handler succeeded (or that was skipped) in
   * one XACK: a round trip per read instead of one per event. An entry handled but not yet
   * acknowledged when the process dies is delivered again, which idempotent handlers absorb.
   */
  private async handleEntries(entries: StreamEntry[]): Promise<void> {
    const lanes = Math.min(Math.max(1, this.options.concurrency ?? 1), entries.length);
    const done: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < entries.length) {
        const entry = entries[next++] as StreamEntry;
        if (await this.handleEntry(entry)) done.push(entry[0]);
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    if (done.length > 0) await this.redis.xack(DOMAIN_EVENT_STREAM, this.options.group, ...done);
  }

  /** True when the entry may be acknowledged: handled, or nothing to handle. */
  private async handleEntry([, fields]: StreamEntry): Promise<boolean> {
    // No fields: the entry was trimmed from the stream while pending; nothing left to process.
    if (!fields) return true;
    // The publisher writes the type beside the event: a consumer skips the types it does not take
    // without parsing their JSON (most consumers take a few types of a busy stream).
    const type = fieldValue(fields, 'type');
    if (type !== undefined && !this.wants(type)) return true;
    const event = parseEvent(fields);
    if (!event || !this.wants(event.type)) return true;
    try {
      await runWithCorrelation(event.correlationId, () => this.options.handle(event));
      return true;
    } catch (error) {
      // Left pending: reclaimed and retried after reclaimIdleMs.
      this.options.onError(error, event);
      return false;
    }
  }

  private wants(type: string): boolean {
    return !this.options.types || (this.options.types as readonly string[]).includes(type);
  }
}

function parseEvent(fields: string[]): AnyDomainEvent | undefined {
  const raw = fieldValue(fields, 'event');
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as AnyDomainEvent;
  } catch {
    return undefined;
  }
}
