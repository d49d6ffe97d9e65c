import { Redis } from 'ioredis';
import { createTestRedisPrefix, testRedisUrl } from './test-redis.js';

/** A connection to the shared test Redis and a key prefix of its own, for code that takes a `keyPrefix`. */
export interface PrefixedTestRedis {
  redis: Redis;
  keyPrefix: string;
  /** Deletes every key under the prefix and closes the connection. */
  close(): Promise<void>;
}

/**
 * Opens a connection to the test Redis (database 0, shared by parallel test files) with a fresh key
 * prefix: the test's keys never meet another file's, and `close()` removes exactly them.
 */
export function openPrefixedTestRedis(label: string): PrefixedTestRedis {
  const redis = new Redis(testRedisUrl(), { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  const keyPrefix = createTestRedisPrefix(label);
  return {
    redis,
    keyPrefix,
    close: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
