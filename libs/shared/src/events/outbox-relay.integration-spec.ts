import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createDomainEvent, DOMAIN_EVENT_STREAM, type AnyDomainEvent } from '@so/contracts';
import {
  createTestDatabase,
  leaseTestRedis,
  openUnreachableTestRedis,
  type TestDatabase,
  type TestRedisLease,
} from '@so/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '../database/data-source-options.js';
import { EventBusPublisher } from './event-bus.publisher.js';
import { OutboxEventEntity, outboxTableDdl } from './outbox-event.entity.js';
import { enqueueOutboxEvents, OutboxRelay } from './outbox-relay.js';

const SCHEMA = 'relaying';

function started(index: number): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.started',
    orgId: 'org-1',
    projectId: 'p',
    correlationId: `c-${index}`,
    data: { analysisId: `a-${index}`, targetUrl: 'http://127.0.0.1:9/' },
  });
}

describe(`${OutboxRelay.name} (real Postgres and Redis)`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let lease: TestRedisLease;
  let redis: Redis;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url: database.url,
        schema: SCHEMA,
        entities: [OutboxEventEntity],
        migrations: [],
        applicationName: 'outbox-relay-test',
        poolSize: 4,
      }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    for (const statement of outboxTableDdl(SCHEMA)) await dataSource.query(statement);
    lease = await leaseTestRedis();
    redis = new Redis(lease.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis?.quit();
    await lease?.release();
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE "${SCHEMA}"."outbox_events"`);
    await redis.del(DOMAIN_EVENT_STREAM);
  });

  async function write(events: AnyDomainEvent[]): Promise<void> {
    await dataSource.transaction((manager) => enqueueOutboxEvents(manager, events));
  }

  async function streamIds(): Promise<string[]> {
    const entries = (await redis.xrange(DOMAIN_EVENT_STREAM, '-', '+')) as Array<[string, string[]]>;
    return entries.map(([, fields]) => (JSON.parse(fields[3] ?? '{}') as AnyDomainEvent).id);
  }

  async function unpublished(): Promise<number> {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS "n" FROM "${SCHEMA}"."outbox_events" WHERE "published_at" IS NULL`,
    )) as Array<{ n: number }>;
    return row?.n ?? -1;
  }

  const relay = (publisher: EventBusPublisher, batchSize = 200) =>
    new OutboxRelay(
      dataSource,
      publisher,
      (error) => {
        throw error;
      },
      60_000,
      batchSize,
    );

  it('publishes every unpublished row once, in commit order, across batches, and marks them published', async () => {
    const events = Array.from({ length: 12 }, (_, index) => started(index));
    await write(events.slice(0, 7));
    await write(events.slice(7));
    const draining = relay(new EventBusPublisher(redis), 5);
    await draining.drain();
    await draining.drain();
    expect(await streamIds()).toEqual(events.map((event) => event.id));
    expect(await unpublished()).toBe(0);
  });

  it('leaves the rows unpublished when Redis refuses them, and a later pass publishes them', async () => {
    const events = [started(1), started(2)];
    await write(events);
    const down = await openUnreachableTestRedis();
    try {
      await expect(relay(new EventBusPublisher(down)).drain()).rejects.toThrow();
    } finally {
      down.disconnect();
    }
    expect(await unpublished()).toBe(2);
    expect(await streamIds()).toEqual([]);
    // The connection went back to the pool rolled back: the next pass locks and publishes the same rows.
    await relay(new EventBusPublisher(redis)).drain();
    expect(await streamIds()).toEqual(events.map((event) => event.id));
    expect(await unpublished()).toBe(0);
  });

  it('lets two relays drain at once without publishing a row twice (SKIP LOCKED)', async () => {
    const events = Array.from({ length: 40 }, (_, index) => started(index));
    await write(events);
    await Promise.all([relay(new EventBusPublisher(redis), 5).drain(), relay(new EventBusPublisher(redis), 5).drain()]);
    const published = await streamIds();
    expect([...published].sort()).toEqual(events.map((event) => event.id).sort());
    expect(await unpublished()).toBe(0);
  });
});
