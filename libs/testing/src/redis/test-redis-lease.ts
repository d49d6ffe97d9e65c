import { Redis } from 'ioredis';
import { testRedisUrl, TEST_REDIS_DATABASES } from './test-redis.js';

export interface TestRedisLease {
  /** URL with the leased logical database, e.g. redis://127.0.0.1:6390/7 */
  url: string;
  db: number;
  /** Flushes the database and gives it back. Idempotent. */
  release(): Promise<void>;
}

const LEASE_SECONDS = 15 * 60;

/**
 * Leases a logical Redis database (1..15) for the calling test file, flushed and for it alone.
 * Services use fixed key names (the `so:events` stream, BullMQ queues), so two test files running in
 * parallel on one database would consume each other's events; a lease rules that out.
 */
export async function leaseTestRedis(timeoutMs = 60_000): Promise<TestRedisLease> {
  const control = new Redis(testRedisUrl(0), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await control.connect();
  const owner = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      for (let db = 1; db < TEST_REDIS_DATABASES; db++) {
        const taken = await control.set(`so:test:lease:${db}`, owner, 'EX', LEASE_SECONDS, 'NX');
        if (taken !== 'OK') continue;
        await control.select(db);
        await control.flushdb();
        await control.select(0);
        let released = false;
        return {
          url: testRedisUrl(db),
          db,
          release: async () => {
            if (released) return;
            released = true;
            const cleaner = new Redis(testRedisUrl(db), { maxRetriesPerRequest: 1 });
            try {
              await cleaner.flushdb();
              await cleaner.select(0);
              if ((await cleaner.get(`so:test:lease:${db}`)) === owner) await cleaner.del(`so:test:lease:${db}`);
            } finally {
              cleaner.disconnect();
            }
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no free test Redis database within ${timeoutMs} ms`);
  } finally {
    control.disconnect();
  }
}
