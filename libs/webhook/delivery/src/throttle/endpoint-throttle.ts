import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import type { ChainableCommander, Redis } from 'ioredis';
import { closeRedisConnection, createRedisConnection, MicroBatcher } from '@so/shared';

/**
 * One atomic check before each attempt: the endpoint's in-flight leases (a sorted set scored by
 * expiry, so a crashed worker's lease lapses on its own) must be under the per-endpoint cap, and its
 * token bucket (refilled at `rate`/s, burst = one second's worth) must hold a token. Returns 0 when
 * the attempt may go (lease taken, token spent), -1 when the endpoint is at its concurrency cap, or
 * the milliseconds until the next token.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return -1
end
local rate = tonumber(ARGV[4])
if rate > 0 then
  local burst = math.max(1, rate)
  local state = redis.call('HMGET', KEYS[2], 't', 'ts')
  local tokens = tonumber(state[1]) or burst
  local last = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - last) * rate / 1000)
  local ttl = math.ceil(burst * 1000 / rate) + 1000
  if tokens < 1 then
    redis.call('HSET', KEYS[2], 't', tostring(tokens), 'ts', now)
    redis.call('PEXPIRE', KEYS[2], ttl)
    return math.max(1, math.ceil((1 - tokens) * 1000 / rate))
  end
  redis.call('HSET', KEYS[2], 't', tostring(tokens - 1), 'ts', now)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
return 0
`;

export type ThrottleDecision = { go: true } | { go: false; delayMs: number; reason: 'concurrency' | 'rate' };

interface ThrottleRedis extends Redis {
  webhookThrottleAcquire(
    inflightKey: string,
    bucketKey: string,
    member: string,
    cap: number,
    leaseMs: number,
    rate: number,
  ): Promise<number>;
}

type ThrottlePipeline = ChainableCommander & {
  webhookThrottleAcquire(
    inflightKey: string,
    bucketKey: string,
    member: string,
    cap: number,
    leaseMs: number,
    rate: number,
  ): ThrottlePipeline;
};

type ThrottleRequest =
  | { kind: 'acquire'; endpointId: string; holder: string; cap: number; rate: number }
  | { kind: 'release'; endpointId: string; holder: string };

/**
 * Per-endpoint rate limit and concurrency cap, shared by every webhook process through Redis.
 * Checks and releases made at the same moment by concurrent deliveries travel together in one
 * pipeline (a release and the next check usually come in the same turn: one write, one reply read);
 * each check stays one atomic script run, and every caller still gets its own answer.
 */
@Injectable()
export class EndpointThrottle implements OnApplicationShutdown {
  private readonly redis: ThrottleRedis;
  private readonly requests = new MicroBatcher<ThrottleRequest, number | Error>({
    run: (requests) =>
      this.pipelined(requests, (pipeline, request) =>
        request.kind === 'acquire'
          ? pipeline.webhookThrottleAcquire(
              inflightKey(request.endpointId),
              bucketKey(request.endpointId),
              request.holder,
              request.cap,
              this.leaseMs(),
              request.rate,
            )
          : pipeline.zrem(inflightKey(request.endpointId), request.holder),
      ),
    maxBatchSize: 400,
    maxInFlight: 2,
  });

  constructor(@Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions) {
    // A connection of its own: building a pipeline copies every script defined on the connection,
    // and the shared one carries BullMQ's (dozens), which cost more than the throttle commands.
    const redis = createRedisConnection(options.redisUrl, 'webhook-throttle');
    redis.defineCommand('webhookThrottleAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    this.redis = redis as ThrottleRedis;
  }

  /**
   * Takes a lease on the endpoint (and a token when it is rate-limited). `concurrencyCap` overrides
   * the configured per-endpoint cap (an ordered endpoint takes one attempt at a time).
   */
  async acquire(
    endpointId: string,
    holder: string,
    ratePerSecond: number | null,
    concurrencyCap = this.options.endpointConcurrency,
  ): Promise<ThrottleDecision> {
    const result = await this.requests.add({
      kind: 'acquire',
      endpointId,
      holder,
      cap: concurrencyCap,
      rate: ratePerSecond ?? 0,
    });
    if (result instanceof Error) throw result;
    if (result === 0) return { go: true };
    if (result < 0) {
      // Busy endpoint: come back a little later (jittered) instead of holding a worker slot.
      const base = this.options.busyDelayMs;
      return { go: false, reason: 'concurrency', delayMs: Math.round(base * (0.5 + Math.random())) };
    }
    return { go: false, reason: 'rate', delayMs: result };
  }

  async release(endpointId: string, holder: string): Promise<void> {
    const result = await this.requests.add({ kind: 'release', endpointId, holder });
    if (result instanceof Error) throw result;
  }

  /**
   * Releases are not always awaited by their caller; send the last ones before the Redis connection
   * closes (after the workers stopped), so no lease is left to lapse on its own.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.requests.drain();
    await closeRedisConnection(this.redis);
  }

  private async pipelined<T>(
    requests: readonly T[],
    queue: (pipeline: ThrottlePipeline, request: T) => unknown,
  ): Promise<Array<number | Error>> {
    const pipeline = this.redis.pipeline() as ThrottlePipeline;
    for (const request of requests) queue(pipeline, request);
    const replies = (await pipeline.exec()) ?? [];
    return requests.map((_, index) => {
      const [error, value] = replies[index] ?? [new Error('no reply from Redis'), null];
      return error ?? Number(value);
    });
  }

  /** Outlives the longest attempt, so a lease only lapses when its holder died. */
  private leaseMs(): number {
    return this.options.timeoutMs * 2 + 5_000;
  }
}

function inflightKey(endpointId: string): string {
  return `webhook:inflight:{${endpointId}}`;
}

function bucketKey(endpointId: string): string {
  return `webhook:bucket:{${endpointId}}`;
}
