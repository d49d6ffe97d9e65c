import { randomBytes } from 'node:crypto';
import { isLoopbackHost } from '../net/loopback.js';

/** Logical databases of the test Redis (redis-server's default `databases 16`). */
export const TEST_REDIS_DATABASES = 16;

/**
 * URL of the test Redis started by the jest global setup, optionally with a logical database
 * (`/db`). Refuses when TEST_REDIS_URL is unset or not on loopback.
 */
export function testRedisUrl(db?: number, env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.TEST_REDIS_URL;
  if (!raw)
    throw new Error(
      'TEST_REDIS_URL is not set: run tests with `npm test`, whose jest global setup starts a throwaway Redis',
    );
  const url = new URL(raw);
  if (url.protocol !== 'redis:') throw new Error('TEST_REDIS_URL must be a redis:// URL');
  if (!isLoopbackHost(url.hostname))
    throw new Error(`refusing to use TEST_REDIS_URL on host ${url.hostname}: test Redis must be on loopback`);
  if (db !== undefined) {
    if (!Number.isInteger(db) || db < 0 || db >= TEST_REDIS_DATABASES) {
      throw new Error(`Redis database must be an integer from 0 to ${TEST_REDIS_DATABASES - 1}`);
    }
    url.pathname = `/${db}`;
  }
  return url.toString().replace(/\/$/, '');
}

/**
 * A key prefix unique to this call (`test:<pid>:<random>:`), for keyPrefix / BullMQ `prefix` /
 * stream names, so parallel test files sharing the one Redis never see each other's keys.
 */
export function createTestRedisPrefix(label = 'test'): string {
  return `${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}
