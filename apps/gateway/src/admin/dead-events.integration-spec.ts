import { createDomainEvent, DEAD_EVENT_STREAM, DOMAIN_EVENT_STREAM, parseDomainEventFields } from '@so/contracts';
import { EventBusConsumer, EventBusPublisher } from '@so/shared';
import { leaseTestRedis, waitFor, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { listDeadEvents, redriveDeadEvents, runDeadEventCommand } from './dead-events.js';

describe('dead events (operator commands, real Redis)', () => {
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

  /** Lets a consumer of `group` give up on `event` the way services do. */
  async function deadLetter(group: string, event = createDomainEvent({ type: 'analysis.cancelled', orgId: 'org-1', projectId: 'p', correlationId: 'c', data: { analysisId: 'a', status: 'CANCELLED' } })) {
    await new EventBusPublisher(redis).publish([event]);
    const consumer = new EventBusConsumer(new Redis(lease.url, { maxRetriesPerRequest: null }), {
      group,
      consumer: `${group}-1`,
      blockMs: 50,
      reclaimIdleMs: 60,
      maxDeliveries: 1,
      // Only this event fails: the stream may hold others (a group starts from its beginning).
      handle: async (received) => {
        if (received.id === event.id) throw new Error('always fails');
      },
      onError: () => undefined,
    });
    await consumer.start();
    try {
      await waitFor(async () => (await listDeadEvents(redis, group, 10)).some((view) => view.event?.id === event.id), 10_000);
    } finally {
      await consumer.stop();
    }
    return event;
  }

  it('lists what a group gave up on and publishes it again, removing it from the dead-event stream', async () => {
    const event = await deadLetter('dead-admin-a');
    await deadLetter('dead-admin-b');

    const listed = await listDeadEvents(redis, 'dead-admin-a', 10);
    expect(listed).toEqual([
      {
        id: expect.stringMatching(/^\d+-\d+$/),
        group: 'dead-admin-a',
        entryId: expect.stringMatching(/^\d+-\d+$/),
        deliveries: 2,
        setAsideAt: expect.any(String),
        event: { id: event.id, type: 'analysis.cancelled', orgId: 'org-1', projectId: 'p', occurredAt: event.occurredAt },
      },
    ]);

    expect(await redriveDeadEvents(redis, 'dead-admin-a', [])).toEqual({ redriven: [listed[0]?.id] });
    const [newest] = (await redis.xrevrange(DOMAIN_EVENT_STREAM, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    expect(parseDomainEventFields(newest?.[1])).toEqual(event);
    expect(await listDeadEvents(redis, 'dead-admin-a', 10)).toEqual([]);
    // The other group's dead event is untouched.
    expect(await listDeadEvents(redis, 'dead-admin-b', 10)).toHaveLength(1);
    expect(await redis.xlen(DEAD_EVENT_STREAM)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a redrive that names neither a group nor ids, and a bad limit', async () => {
    await expect(runDeadEventCommand(['redrive-events'], redis)).rejects.toThrow(/--group/);
    await expect(runDeadEventCommand(['dead-events', '--limit', '0'], redis)).rejects.toThrow(/--limit/);
  });
});
