import type { AnyDomainEvent } from '@so/contracts';
import { DOMAIN_EVENT_STREAM } from '@so/contracts';
import type { Redis } from 'ioredis';

/**
 * Appends domain events to the Redis stream. The stream is capped (approximately) so Redis memory
 * stays bounded; consumers that fall further behind than the cap rely on the outbox for replay.
 */
export class EventBusPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly maxLength = 500_000,
  ) {}

  async publish(events: AnyDomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      pipeline.xadd(DOMAIN_EVENT_STREAM, 'MAXLEN', '~', this.maxLength, '*', 'type', event.type, 'event', JSON.stringify(event));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }
}
