import type { AnyDomainEvent } from '@so/contracts';
import type { EventStreamTail, StreamedEvent } from '@so/gateway-subscriptions';
import { compareEntryIds } from './stream-position.js';

/** Most events replayed to a reconnecting client; older gaps are the client's to refetch over REST. */
export const MAX_REPLAYED_EVENTS = 1_000;

/**
 * The events one stream wants, without gaps or repeats across the switch from replay to live:
 * it listens first (buffering), then reads what the client missed since `resumeAfter`, then hands
 * over the buffer minus what the replay already covered, then goes live.
 */
export class EventFeed {
  private buffer: StreamedEvent[] | undefined = [];
  private deliver?: (event: AnyDomainEvent, entryId: string) => void;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly tail: EventStreamTail,
    private readonly wanted: (event: AnyDomainEvent) => boolean,
  ) {
    this.unsubscribe = tail.subscribe((event, entryId) => {
      if (!this.wanted(event)) return;
      if (this.buffer) {
        if (this.buffer.length >= MAX_REPLAYED_EVENTS) this.buffer.shift();
        this.buffer.push({ event, entryId });
      } else this.deliver?.(event, entryId);
    });
  }

  /** Replays, then delivers live events to `deliver` until close(). */
  async start(resumeAfter: string | undefined, deliver: (event: AnyDomainEvent, entryId: string) => void): Promise<void> {
    let newest = resumeAfter;
    if (resumeAfter) {
      for (const { event, entryId } of await this.tail.eventsAfter(resumeAfter, MAX_REPLAYED_EVENTS)) {
        if (!this.wanted(event)) continue;
        deliver(event, entryId);
        newest = entryId;
      }
    }
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    this.deliver = deliver;
    for (const { event, entryId } of buffered) {
      if (newest === undefined || compareEntryIds(entryId, newest) > 0) deliver(event, entryId);
    }
  }

  close(): void {
    this.unsubscribe();
    this.buffer = undefined;
    this.deliver = undefined;
  }
}
