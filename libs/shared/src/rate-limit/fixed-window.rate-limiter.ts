import type { Redis } from 'ioredis';
import { FailOpenWarning } from './fail-open.warning.js';
import type { RateLimitDecision } from './rate-limit-decision.js';

export interface FixedWindowRateLimiterOptions {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
  keyPrefix?: string;
}

/**
 * INCR + expire-on-first-hit in one script, so concurrent requests on any replica count atomically.
 * The window starts at a subject's first request (Redis owns the clock, not the replicas).
 * A counter left without TTL (should never happen) gets one, so a subject cannot be locked out forever.
 */
const SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

const COMMAND = 'soFixedWindowHit';

type RateLimitCommand = Record<typeof COMMAND, (key: string, windowMs: number) => Promise<[number, number]>>;

/**
 * Per-subject fixed-window rate limiter on Redis, shared by every gateway replica. When Redis fails
 * it lets the request through (fail open) and logs: an outage of the counter store should not take
 * the whole API down, and readiness reports Redis as down meanwhile.
 */
export class FixedWindowRateLimiter {
  private readonly failOpen = new FailOpenWarning(FixedWindowRateLimiter.name);

  constructor(
    /** A connection that fails fast when Redis is away (no offline queue), so requests never hang on it. */
    private readonly redis: Redis,
    private readonly options: FixedWindowRateLimiterOptions,
  ) {
    // A defined command goes as EVALSHA (EVAL only after a NOSCRIPT): the script text is not
    // sent and hashed again on every request.
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SCRIPT });
  }

  async consume(subject: string): Promise<RateLimitDecision> {
    const { limit, windowSeconds } = this.options;
    const windowMs = windowSeconds * 1000;
    try {
      const [count, ttlMs] = await (this.redis as Redis & RateLimitCommand)[COMMAND](
        `${this.options.keyPrefix ?? 'so:gateway:rl:'}${subject}`,
        windowMs,
      );
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
        windowSeconds,
      };
    } catch (error) {
      this.failOpen.log(error);
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds, windowSeconds };
    }
  }
}
