import { Logger } from '@nestjs/common';
import { DOMAIN_EVENT_STREAM, type AnyDomainEvent } from '@so/contracts';
import type { Redis } from 'ioredis';

type Listener = (event: AnyDomainEvent) => void;
type StreamEntry = [id: string, fields: string[]];

/**
 * Live tail of the domain event stream for the streaming RPCs. A plain XREAD from the current end
 * (not a consumer group): every gateway replica must see every event of the analyses its own
 * callers follow, and nothing here needs acknowledging — a missed event is covered by the
 * GetAnalysis snapshot the trackers take. One blocking connection per gateway process, shared by
 * all calls; events are dispatched by analysis id and checked against the subscriber's org.
 */
export class AnalysisEventTail {
  private readonly logger = new Logger(AnalysisEventTail.name);
  private readonly listeners = new Map<string, Set<{ orgId: string; listener: Listener }>>();
  private running = false;
  private loop?: Promise<void>;

  /** @param redis a dedicated connection: XREAD BLOCK holds it; disconnected by stop(). */
  constructor(
    private readonly redis: Redis,
    private readonly blockMs = 1_000,
  ) {}

  async start(): Promise<void> {
    const last = (await this.redis.xrevrange(DOMAIN_EVENT_STREAM, '+', '-', 'COUNT', 1)) as StreamEntry[];
    this.running = true;
    this.loop = this.run(last[0]?.[0] ?? '0-0');
  }

  async stop(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop?.catch(() => undefined);
  }

  /** Events of `analysisId` that belong to `orgId` reach `listener` until the returned function is called. */
  subscribe(analysisId: string, orgId: string, listener: Listener): () => void {
    const entry = { orgId, listener };
    let set = this.listeners.get(analysisId);
    if (!set) this.listeners.set(analysisId, (set = new Set()));
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.listeners.get(analysisId) === set) this.listeners.delete(analysisId);
    };
  }

  private async run(from: string): Promise<void> {
    let lastId = from;
    while (this.running) {
      try {
        const response = (await this.redis.xread('COUNT', 500, 'BLOCK', this.blockMs, 'STREAMS', DOMAIN_EVENT_STREAM, lastId)) as
          | Array<[string, StreamEntry[]]>
          | null;
        for (const [, entries] of response ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            this.dispatch(fields);
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ msg: 'event stream read failed; retrying', error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private dispatch(fields: string[]): void {
    if (this.listeners.size === 0) return;
    const index = fields.indexOf('event');
    if (index < 0) return;
    let event: AnyDomainEvent;
    try {
      event = JSON.parse(fields[index + 1] ?? '') as AnyDomainEvent;
    } catch {
      return;
    }
    const analysisId = (event.data as { analysisId?: unknown }).analysisId;
    if (typeof analysisId !== 'string') return;
    for (const { orgId, listener } of this.listeners.get(analysisId) ?? []) {
      if (event.orgId === orgId) listener(event);
    }
  }
}
