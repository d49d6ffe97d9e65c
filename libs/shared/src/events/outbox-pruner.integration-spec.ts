import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '../database/data-source-options.js';
import { OutboxEventEntity, outboxTableDdl } from './outbox-event.entity.js';
import { OutboxPruner } from './outbox-pruner.js';

const SCHEMA = 'pruning';
const HOUR_MS = 3_600_000;
const RETENTION_MS = 24 * HOUR_MS;

type Row = { label: string; createdHoursAgo: number; publishedHoursAgo: number | null };

describe(`${OutboxPruner.name} (real Postgres)`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(
      serviceDataSourceOptions({ url: database.url, schema: SCHEMA, entities: [OutboxEventEntity], migrations: [], applicationName: 'outbox-pruner-test', poolSize: 4 }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    for (const statement of outboxTableDdl(SCHEMA)) await dataSource.query(statement);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE "${SCHEMA}"."outbox_events"`);
  });

  async function insert(rows: Row[]): Promise<void> {
    for (const row of rows) {
      await dataSource.query(
        `INSERT INTO "${SCHEMA}"."outbox_events" ("id", "type", "payload", "created_at", "published_at")
         VALUES ($1, 'analysis.started', jsonb_build_object('label', $2::text),
                 now() - make_interval(hours => $3), now() - make_interval(hours => $4::int))`,
        [randomUUID(), row.label, row.createdHoursAgo, row.publishedHoursAgo],
      );
    }
  }

  async function remaining(): Promise<string[]> {
    const rows = (await dataSource.query(`SELECT "payload"->>'label' AS "label" FROM "${SCHEMA}"."outbox_events" ORDER BY "seq"`)) as Array<{ label: string }>;
    return rows.map((row) => row.label);
  }

  const pruner = (batchSize = 1_000, maxBatchesPerPass = 100) =>
    new OutboxPruner(dataSource, { retentionMs: RETENTION_MS, intervalMs: 60_000 }, (error) => { throw error; }, undefined, { batchSize, maxBatchesPerPass });

  it('deletes published rows older than the retention and keeps unpublished and recent ones, however old', async () => {
    await insert([
      { label: 'old-published', createdHoursAgo: 72, publishedHoursAgo: 71 },
      { label: 'old-unpublished', createdHoursAgo: 72, publishedHoursAgo: null },
      { label: 'created-old-published-recently', createdHoursAgo: 48, publishedHoursAgo: 1 },
      { label: 'recent-published', createdHoursAgo: 2, publishedHoursAgo: 2 },
      { label: 'recent-unpublished', createdHoursAgo: 0, publishedHoursAgo: null },
      { label: 'just-expired', createdHoursAgo: 25, publishedHoursAgo: 25 },
    ]);
    expect(await pruner().prune()).toBe(2);
    expect(await remaining()).toEqual(['old-unpublished', 'created-old-published-recently', 'recent-published', 'recent-unpublished']);
    expect(await pruner().prune()).toBe(0);
  });

  it('deletes in bounded batches and leaves the rest of a large backlog to the next pass', async () => {
    await insert(Array.from({ length: 7 }, (_, index) => ({ label: `old-${index}`, createdHoursAgo: 50, publishedHoursAgo: 49 })));
    await insert([{ label: 'pending', createdHoursAgo: 50, publishedHoursAgo: null }]);
    expect(await pruner(2, 2).prune()).toBe(4);
    expect(await remaining()).toHaveLength(4);
    expect(await pruner(2, 10).prune()).toBe(3);
    expect(await remaining()).toEqual(['pending']);
  });

  it('skips rows another transaction holds instead of waiting, and replicas pruning at once delete each row once', async () => {
    await insert(Array.from({ length: 40 }, (_, index) => ({ label: `old-${index}`, createdHoursAgo: 30, publishedHoursAgo: 30 })));
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // Another replica's pass (or an operator) holds one row.
      const [held] = (await runner.query(`SELECT "id" FROM "${SCHEMA}"."outbox_events" ORDER BY "seq" LIMIT 1 FOR UPDATE`)) as Array<{ id: string }>;
      const started = Date.now();
      const deleted = await Promise.all([pruner(5).prune(), pruner(5).prune(), pruner(5).prune()]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(deleted.reduce((sum, count) => sum + count, 0)).toBe(39);
      expect((await dataSource.query(`SELECT "id" FROM "${SCHEMA}"."outbox_events"`)) as unknown[]).toEqual([{ id: held?.id }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await pruner().prune()).toBe(1);
  });

  it('runs on its interval after start and stops cleanly', async () => {
    await insert([{ label: 'old', createdHoursAgo: 30, publishedHoursAgo: 30 }]);
    const pruned: number[] = [];
    const scheduled = new OutboxPruner(dataSource, { retentionMs: RETENTION_MS, intervalMs: 1_000 }, (error) => { throw error; }, (count) => pruned.push(count));
    scheduled.start();
    const deadline = Date.now() + 5_000;
    while (pruned.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduled.stop();
    expect(pruned).toEqual([1]);
    expect(await remaining()).toEqual([]);
  });
});
