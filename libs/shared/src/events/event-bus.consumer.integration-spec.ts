import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDomainEvent, DEAD_EVENT_STREAM, DOMAIN_EVENT_STREAM, parseDomainEventFields, type AnyDomainEvent } from '@so/contracts';
import { leaseTestRedis, waitFor, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { EventBusConsumer, EventDeadLetteredError } from './event-bus.consumer.js';
import { EventBusPublisher } from './event-bus.publisher.js';

function started(index: number): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.started',
    orgId: 'org-1',
    projectId: 'p',
    correlationId: `c-${index}`,
    data: { analysisId: `a-${index}`, targetUrl: 'http://127.0.0.1:9/' },
  });
}

describe(`${EventBusConsumer.name} (real Redis)`, () => {
  let lease: TestRedisLease;
  let redis: Redis;

  beforeAll(async () => {
    lease = await leaseTestRedis();
    redis = new Redis(lease.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis.quit();
    await lease.release();
  });

  it('acknowledges the handled and skipped entries of a read and leaves a failed one pending', async () => {
    const events = Array.from({ length: 20 }, (_, index) => started(index));
    const failing = events[7]?.id;
    await new EventBusPublisher(redis).publish(events);
    const handled: string[] = [];
    const errors: unknown[] = [];
    const consumer = new EventBusConsumer(new Redis(lease.url, { maxRetriesPerRequest: null }), {
      group: 'ack-test',
      consumer: 'ack-test-1',
      batchSize: 50,
      blockMs: 100,
      handle: async (event) => {
        if (event.id === failing) throw new Error('handler refused');
        handled.push(event.id);
      },
      onError: (error) => errors.push(error),
    });
    await consumer.start();
    try {
      await waitFor(async () => {
        const [pending] = (await redis.xpending(DOMAIN_EVENT_STREAM, 'ack-test')) as [number];
        return handled.length === 19 && pending === 1;
      });
      const pendingEntries = (await redis.xpending(DOMAIN_EVENT_STREAM, 'ack-test', '-', '+', 10)) as Array<[string]>;
      const [entry] = (await redis.xrange(DOMAIN_EVENT_STREAM, pendingEntries[0]?.[0] ?? '-', '+', 'COUNT', 1)) as Array<
        [string, string[]]
      >;
      expect(JSON.parse(entry?.[1][3] ?? '{}')).toMatchObject({ id: failing });
      expect(errors).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });
  it('retries a failing event on reclaim, then after maxDeliveries moves it to the dead-event stream and acknowledges it', async () => {
    const poison = started(100);
    const healthy = started(101);
    await new EventBusPublisher(redis).publish([poison, healthy]);
    const attempts: string[] = [];
    const errors: unknown[] = [];
    const consumer = new EventBusConsumer(new Redis(lease.url, { maxRetriesPerRequest: null }), {
      group: 'dead-test',
      consumer: 'dead-test-1',
      blockMs: 50,
      reclaimIdleMs: 100,
      maxDeliveries: 3,
      handle: async (event) => {
        attempts.push(event.id);
        if (event.id === poison.id) throw new Error('cannot handle this one');
      },
      onError: (error) => errors.push(error),
    });
    await consumer.start();
    try {
      const dead = await waitFor(async () => {
        const entries = (await redis.xrange(DEAD_EVENT_STREAM, '-', '+')) as Array<[string, string[]]>;
        return entries.find(([, fields]) => fields[1] === 'dead-test');
      }, 10_000);
      const fields = dead[1];
      expect(fields.slice(0, 6)).toEqual(['group', 'dead-test', 'entryId', expect.stringMatching(/^\d+-\d+$/), 'deliveries', '4']);
      expect(parseDomainEventFields(fields)).toEqual(poison);
      const [pending] = (await redis.xpending(DOMAIN_EVENT_STREAM, 'dead-test')) as [number];
      expect(pending).toBe(0);
      // Three deliveries were handled and failed; the fourth claim set it aside without handling it.
      expect(attempts.filter((id) => id === poison.id)).toHaveLength(3);
      expect(attempts.filter((id) => id === healthy.id)).toHaveLength(1);
      expect(errors.filter((error) => error instanceof EventDeadLetteredError)).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('skips entries of other types by their type field, without reading the event', async () => {
    const wanted = createDomainEvent({
      type: 'analysis.completed',
      orgId: 'org-1',
      projectId: 'p',
      correlationId: 'c-wanted',
      data: {
        analysisId: 'a-wanted',
        status: 'COMPLETED',
        findingCount: 0,
        bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        score: 100,
        durationMs: 1,
      },
    });
    // Labelled as a type the consumer does not take: its body is never parsed, so not handled.
    const mislabelled = { ...wanted, id: 'mislabelled' };
    await redis.xadd(DOMAIN_EVENT_STREAM, '*', 'type', 'analysis.progress', 'event', JSON.stringify(mislabelled));
    await redis.xadd(DOMAIN_EVENT_STREAM, '*', 'type', 'analysis.progress', 'event', '{not json');
    await new EventBusPublisher(redis).publish([wanted]);
    const handled: string[] = [];
    const errors: unknown[] = [];
    const consumer = new EventBusConsumer(new Redis(lease.url, { maxRetriesPerRequest: null }), {
      group: 'type-filter-test',
      consumer: 'type-filter-test-1',
      types: ['analysis.completed'],
      blockMs: 100,
      handle: async (event) => {
        handled.push(event.id);
      },
      onError: (error) => errors.push(error),
    });
    await consumer.start();
    try {
      await waitFor(async () => {
        const [pending] = (await redis.xpending(DOMAIN_EVENT_STREAM, 'type-filter-test')) as [number];
        return handled.includes(wanted.id) && pending === 0;
      });
      expect(handled).toEqual([wanted.id]);
      expect(errors).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });
});
