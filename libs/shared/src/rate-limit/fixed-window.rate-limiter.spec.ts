import { describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';

/**
 * Only the command the limiter defines is used (EVALSHA in ioredis); the Lua itself is covered by
 * the integration spec against a real Redis.
 */
function redisAnswering(answer: () => Promise<unknown>): Redis {
  const fake: Record<string, unknown> = {
    defineCommand: (name: string) => {
      fake[name] = answer;
    },
  };
  return fake as unknown as Redis;
}

describe(FixedWindowRateLimiter.name, () => {
  it('allows up to the limit and reports what is left and when the window resets', async () => {
    const limiter = new FixedWindowRateLimiter(
      redisAnswering(async () => [3, 41_200]),
      { limit: 5, windowSeconds: 60 },
    );
    expect(await limiter.consume('key-1')).toEqual({
      allowed: true,
      limit: 5,
      remaining: 2,
      resetSeconds: 42,
      windowSeconds: 60,
    });
  });

  it('refuses beyond the limit with nothing remaining', async () => {
    const limiter = new FixedWindowRateLimiter(
      redisAnswering(async () => [6, 500]),
      { limit: 5, windowSeconds: 60 },
    );
    expect(await limiter.consume('key-1')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 1 });
  });

  it('lets requests through when Redis fails (fail open)', async () => {
    const limiter = new FixedWindowRateLimiter(
      redisAnswering(() => Promise.reject(new Error('Connection is closed.'))),
      { limit: 5, windowSeconds: 60 },
    );
    expect(await limiter.consume('key-1')).toEqual({
      allowed: true,
      limit: 5,
      remaining: 5,
      resetSeconds: 60,
      windowSeconds: 60,
    });
  });
});
