import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, createTestRedisPrefix, testRedisUrl } from './index.js';

describe('@so/testing infrastructure', () => {
  it('creates a database that can be queried, then drops it', async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE probe (id int PRIMARY KEY, note text)');
      await client.query("INSERT INTO probe VALUES (1, 'hello')");
      const { rows } = await client.query<{ note: string; db: string }>(
        'SELECT note, current_database() AS db FROM probe',
      );
      expect(rows).toEqual([{ note: 'hello', db: database.name }]);
    } finally {
      await client.end();
    }

    await database.drop();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });

  it('drops a database even while a connection to it is still open', async () => {
    const database = await createTestDatabase();
    const leaked = new pg.Client({ connectionString: database.url });
    leaked.on('error', () => undefined);
    await leaked.connect();
    await expect(database.drop()).resolves.toBeUndefined();
    await leaked.end().catch(() => undefined);
  });

  it('answers PING on the test Redis and keeps prefixed keys apart', async () => {
    const first = createTestRedisPrefix();
    const second = createTestRedisPrefix();
    expect(first).not.toBe(second);
    const redis = new Redis(testRedisUrl(1), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      expect(await redis.ping()).toBe('PONG');
      await redis.set(`${first}key`, 'a');
      expect(await redis.get(`${second}key`)).toBeNull();
      expect(await redis.get(`${first}key`)).toBe('a');
    } finally {
      await redis.quit();
    }
  });
});
