import type { Redis } from 'ioredis';
import { FailOpenWarning } from '@so/shared';
import type { RateLimitDecision } from '@so/shared';
import type { RateLimiter } from './rate-limiter.js';

export interface LeasedWindowRateLimiterOptions {
  /** Requests allowed per window, across all replicas. */
  limit: number;
  windowSeconds: number;
  keyPrefix?: string;
  /**
   * Most requests one lease takes from the shared counter. Default: 1% of the limit, between 1 and
   * 1000, which bounds what idle leases on other replicas can withhold from a busy one.
   */
  maxLease?: number;
  /** Subjects remembered at once; expired ones go first, then the oldest. */
  maxSubjects?: number;
}

/**
 * Takes up to ARGV[3] requests of the window for one replica: never more than the limit leaves,
 * so the shared count can never pass the limit. Same key and counting as FixedWindowRateLimiter
 * (the count is what replicas let through), so replicas running either share one quota. The window
 * starts at a subject's first request; a counter left without TTL gets one.
 */
const SCRIPT = `
local limit = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = math.max(0, math.min(tonumber(ARGV[3]), limit - used))
if grant > 0 then used = redis.call('INCRBY', KEYS[1], grant) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
elseif ttl == -2 then
  ttl = tonumber(ARGV[1])
end
return {grant, used, ttl}
`;

const COMMAND = 'soLeaseWindow';

type LeaseCommand = Record<
  typeof COMMAND,
  (key: string, windowMs: number, limit: number, want: number) => Promise<[number, number, number]>
>;

interface SubjectLease {
  /** Requests taken from the shared counter for this replica and not used yet. */
  tokens: number;
  /** The shared count right after our last lease (our unused tokens included). */
  counted: number;
  /** Local time the window ends: the lease request's start plus Redis' TTL, so never after Redis' own reset. */
  resetAt: number;
  /** The shared count reached the limit: nothing more this window, on any replica. */
  exhausted: boolean;
  refilling?: Promise<RateLimitDecision | undefined>;
}

/**
 * Per-subject fixed-window rate limiter shared by every gateway replica, without a Redis round
 * trip per request: a replica leases a block of the window's requests from the shared counter
 * (one script call) and spends it locally; callers arriving while a lease is on its way wait for
 * that one call. The limit is never exceeded across replicas (Redis hands out at most what is
 * left). What a lease holds unused on one replica is withheld from the others until the window
 * ends: at most `maxLease` (1% of the limit by default) per replica. Once the shared count hits
 * the limit, refusals are answered locally until the window resets (counts only grow within a
 * window, so no replica can re-open it). When Redis fails, requests are let through (fail open)
 * and logged, as with FixedWindowRateLimiter.
 */
export class LeasedWindowRateLimiter implements RateLimiter {
  private readonly failOpen = new FailOpenWarning(LeasedWindowRateLimiter.name);
  private readonly leases = new Map<string, SubjectLease>();
  private readonly maxLease: number;
  private readonly maxSubjects: number;

  constructor(
    /** A connection that fails fast when Redis is away (no offline queue), so requests never hang on it. */
    private readonly redis: Redis,
    private readonly options: LeasedWindowRateLimiterOptions,
  ) {
    this.maxLease = Math.max(1, Math.floor(options.maxLease ?? Math.min(1000, options.limit / 100)));
    this.maxSubjects = options.maxSubjects ?? 10_000;
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SCRIPT });
  }

  async consume(subject: string): Promise<RateLimitDecision> {
    for (;;) {
      const now = Date.now();
      let lease = this.leases.get(subject);
      if (lease && now >= lease.resetAt && !lease.refilling) {
        this.leases.delete(subject);
        lease = undefined;
      }
      if (lease && now < lease.resetAt) {
        if (lease.tokens > 0) {
          lease.tokens--;
          return this.decision(true, lease, now);
        }
        if (lease.exhausted) return this.decision(false, lease, now);
      }
      // Either a fresh lease lets this request through on the next turn, or the window is used up.
      const failOpen = await this.refill(subject);
      if (failOpen) return failOpen;
    }
  }

  /** One lease request per subject at a time; everyone who needs it waits for the same one. */
  private refill(subject: string): Promise<RateLimitDecision | undefined> {
    let lease = this.leases.get(subject);
    if (!lease) {
      this.makeRoom();
      lease = { tokens: 0, counted: 0, resetAt: 0, exhausted: false };
      this.leases.set(subject, lease);
    }
    const target = lease;
    target.refilling ??= this.lease(subject, target).finally(() => {
      target.refilling = undefined;
    });
    return target.refilling;
  }

  private async lease(subject: string, lease: SubjectLease): Promise<RateLimitDecision | undefined> {
    const { limit, windowSeconds } = this.options;
    const windowMs = windowSeconds * 1000;
    const requestedAt = Date.now();
    try {
      const [grant, counted, ttlMs] = await (this.redis as Redis & LeaseCommand)[COMMAND](
        `${this.options.keyPrefix ?? 'so:gateway:rl:'}${subject}`,
        windowMs,
        limit,
        this.maxLease,
      );
      lease.tokens = grant;
      lease.counted = counted;
      lease.resetAt = requestedAt + ttlMs;
      lease.exhausted = counted >= limit;
      return undefined;
    } catch (error) {
      this.failOpen.log(error);
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds, windowSeconds };
    }
  }

  private decision(allowed: boolean, lease: SubjectLease, now: number): RateLimitDecision {
    const { limit, windowSeconds } = this.options;
    return {
      allowed,
      limit,
      // Used so far = the shared count less what this replica holds unused.
      remaining: allowed ? Math.max(0, limit - lease.counted + lease.tokens) : 0,
      resetSeconds: Math.max(1, Math.ceil((lease.resetAt - now) / 1000)),
      windowSeconds,
    };
  }

  private makeRoom(): void {
    if (this.leases.size < this.maxSubjects) return;
    const now = Date.now();
    for (const [subject, lease] of this.leases) {
      if (now >= lease.resetAt && !lease.refilling) this.leases.delete(subject);
    }
    // Forgetting a lease only withholds its unused tokens from this window; the limit still holds.
    for (const subject of this.leases.keys()) {
      if (this.leases.size < this.maxSubjects) break;
      this.leases.delete(subject);
    }
  }
}
