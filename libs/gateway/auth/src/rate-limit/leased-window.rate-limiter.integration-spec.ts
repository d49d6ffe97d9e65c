import { afterAll, describe, expect, it } from '@jest/globals';
import { openPrefixedTestRedis, openUnreachableTestRedis, testRedisUrl } from '@so/testing';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { FixedWindowRateLimiter } from '@so/shared';
import { LeasedWindowRateLimiter } from './leased-window.rate-limiter.js';

/** Counts the lease scripts a connection runs, to show requests are served without a round trip each. */
function countingScripts(redis: Redis): { calls: () => number } {
  let calls = 0;
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }) => {
    if (command.name === 'evalsha' || command.name === 'eval') calls++;
    return original(command as Parameters<typeof original>[0]);
  }) as typeof redis.sendCommand;
  return { calls: () => calls };
}

describe(`${LeasedWindowRateLimiter.name} (real Redis)`, () => {
  const { redis, keyPrefix, close } = openPrefixedTestRedis('rll');
  afterAll(close);

  it('never lets more than the limit through across replicas, however the requests interleave', async () => {
    const replicas = [0, 1, 2].map(
      () => new LeasedWindowRateLimiter(redis, { limit: 250, windowSeconds: 60, keyPrefix, maxLease: 40 }),
    );
    const decisions = await Promise.all(
      Array.from({ length: 400 }, (_, i) => (replicas[i % 3] as LeasedWindowRateLimiter).consume('shared')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(250);
    expect(await redis.get(`${keyPrefix}shared`)).toBe('250');
    const refused = decisions.find((d) => !d.allowed);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 250 });
    expect(refused?.resetSeconds).toBeGreaterThan(55);
    expect(await redis.pttl(`${keyPrefix}shared`)).toBeGreaterThan(55_000);
  });

  it('serves a busy key from its lease: one script call per lease, not per request', async () => {
    const connection = new Redis(testRedisUrl(), { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    try {
      const scripts = countingScripts(connection);
      const limiter = new LeasedWindowRateLimiter(connection, { limit: 10_000, windowSeconds: 60, keyPrefix });
      const decisions = await Promise.all(Array.from({ length: 300 }, () => limiter.consume('busy')));
      expect(decisions.every((d) => d.allowed)).toBe(true);
      // 1% of the limit per lease: 300 requests need 3 leases (a few more if callers raced a lease).
      expect(scripts.calls()).toBeGreaterThanOrEqual(3);
      expect(scripts.calls()).toBeLessThanOrEqual(6);
      const last = await limiter.consume('busy');
      // remaining counts what this replica still holds as unused, so one replica reports it exactly.
      expect(last.remaining).toBe(10_000 - 301);
    } finally {
      await connection.quit();
    }
  });

  it('shares one quota with FixedWindowRateLimiter on the same key (mixed replicas during a rollout)', async () => {
    const leased = new LeasedWindowRateLimiter(redis, { limit: 5, windowSeconds: 60, keyPrefix, maxLease: 2 });
    const fixed = new FixedWindowRateLimiter(redis, { limit: 5, windowSeconds: 60, keyPrefix });
    expect((await fixed.consume('mixed')).allowed).toBe(true);
    expect((await fixed.consume('mixed')).allowed).toBe(true);
    const rest = await Promise.all(Array.from({ length: 5 }, () => leased.consume('mixed')));
    expect(rest.filter((d) => d.allowed)).toHaveLength(3);
    expect((await fixed.consume('mixed')).allowed).toBe(false);
  });

  it('answers refusals locally until the window resets, then leases from the new window', async () => {
    const connection = new Redis(testRedisUrl(), { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    try {
      const scripts = countingScripts(connection);
      const limiter = new LeasedWindowRateLimiter(connection, { limit: 2, windowSeconds: 1, keyPrefix });
      expect((await limiter.consume('window')).allowed).toBe(true);
      expect((await limiter.consume('window')).allowed).toBe(true);
      const refused = await limiter.consume('window');
      expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 1 });
      const callsWhenExhausted = scripts.calls();
      expect((await limiter.consume('window')).allowed).toBe(false);
      expect(scripts.calls()).toBe(callsWhenExhausted);
      await sleep(1_100);
      expect(await limiter.consume('window')).toMatchObject({ allowed: true, remaining: 1 });
    } finally {
      await connection.quit();
    }
  });

  it('repairs a counter that lost its TTL, so nobody is locked out forever', async () => {
    await redis.set(`${keyPrefix}stuck`, '99');
    const limiter = new LeasedWindowRateLimiter(redis, { limit: 5, windowSeconds: 30, keyPrefix });
    expect((await limiter.consume('stuck')).allowed).toBe(false);
    expect(await redis.pttl(`${keyPrefix}stuck`)).toBeGreaterThan(0);
  });

  it('fails open at once when Redis is unreachable', async () => {
    const down = await openUnreachableTestRedis();
    try {
      const limiter = new LeasedWindowRateLimiter(down, { limit: 1, windowSeconds: 60, keyPrefix });
      const started = Date.now();
      const decisions = await Promise.all([limiter.consume('any'), limiter.consume('any')]);
      expect(decisions.every((d) => d.allowed)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      down.disconnect();
    }
  });
});
