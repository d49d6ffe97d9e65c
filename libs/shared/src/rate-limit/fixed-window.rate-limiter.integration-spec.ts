import { afterAll, describe, expect, it } from '@jest/globals';
import { openPrefixedTestRedis, openUnreachableTestRedis } from '@so/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';

describe(`${FixedWindowRateLimiter.name} (real Redis)`, () => {
  const { redis, keyPrefix, close } = openPrefixedTestRedis('rl');
  afterAll(close);

  it('counts atomically across concurrent requests and sets the window TTL', async () => {
    const limiter = new FixedWindowRateLimiter(redis, { limit: 10, windowSeconds: 60, keyPrefix });
    const decisions = await Promise.all(Array.from({ length: 15 }, () => limiter.consume('concurrent')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.map((d) => d.remaining).sort((a, b) => a - b)).toEqual([
      0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    const ttl = await redis.pttl(`${keyPrefix}concurrent`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps subjects apart', async () => {
    const limiter = new FixedWindowRateLimiter(redis, { limit: 1, windowSeconds: 60, keyPrefix });
    expect((await limiter.consume('a')).allowed).toBe(true);
    expect((await limiter.consume('a')).allowed).toBe(false);
    expect((await limiter.consume('b')).allowed).toBe(true);
  });

  it('starts a new window when the old one expires', async () => {
    const limiter = new FixedWindowRateLimiter(redis, { limit: 1, windowSeconds: 1, keyPrefix });
    expect((await limiter.consume('window')).allowed).toBe(true);
    const refused = await limiter.consume('window');
    expect(refused).toMatchObject({ allowed: false, resetSeconds: 1 });
    await sleep(1_100);
    expect(await limiter.consume('window')).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('repairs a counter that lost its TTL, so nobody is locked out forever', async () => {
    await redis.set(`${keyPrefix}stuck`, '99');
    const limiter = new FixedWindowRateLimiter(redis, { limit: 5, windowSeconds: 30, keyPrefix });
    expect((await limiter.consume('stuck')).allowed).toBe(false);
    expect(await redis.pttl(`${keyPrefix}stuck`)).toBeGreaterThan(0);
  });

  it('fails open at once when Redis is unreachable', async () => {
    const down = await openUnreachableTestRedis();
    try {
      const limiter = new FixedWindowRateLimiter(down, { limit: 1, windowSeconds: 60, keyPrefix });
      const started = Date.now();
      expect((await limiter.consume('any')).allowed).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      down.disconnect();
    }
  });
});
