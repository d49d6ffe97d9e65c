import { testRedisUrl } from '../redis/test-redis.js';
import { testDatabaseAdminUrl } from './test-database.js';

describe('testDatabaseAdminUrl', () => {
  it('refuses to run without TEST_DATABASE_URL', () => {
    expect(() => testDatabaseAdminUrl({})).toThrow(/TEST_DATABASE_URL is not set/);
  });

  it('refuses a database server that is not on loopback', () => {
    expect(() => testDatabaseAdminUrl({ TEST_DATABASE_URL: 'postgres://u:p@db.internal:5432/postgres' })).toThrow(
      /must be on loopback/,
    );
    expect(() => testDatabaseAdminUrl({ TEST_DATABASE_URL: 'postgres://u:p@10.0.0.5:5432/postgres' })).toThrow(
      /loopback/,
    );
  });

  it('accepts a loopback server', () => {
    expect(testDatabaseAdminUrl({ TEST_DATABASE_URL: 'postgres://u:p@127.0.0.1:5999/postgres' }).port).toBe('5999');
  });
});

describe('testRedisUrl', () => {
  const env = { TEST_REDIS_URL: 'redis://127.0.0.1:6999' };

  it('selects a logical database', () => {
    expect(testRedisUrl(3, env)).toBe('redis://127.0.0.1:6999/3');
    expect(testRedisUrl(undefined, env)).toBe('redis://127.0.0.1:6999');
  });

  it('refuses a missing or remote Redis and out-of-range databases', () => {
    expect(() => testRedisUrl(0, {})).toThrow(/TEST_REDIS_URL is not set/);
    expect(() => testRedisUrl(0, { TEST_REDIS_URL: 'redis://cache.internal:6379' })).toThrow(/loopback/);
    expect(() => testRedisUrl(16, env)).toThrow(/0 to 15/);
  });
});
