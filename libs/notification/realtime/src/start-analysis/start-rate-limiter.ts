import type { Redis } from 'ioredis';
import { RealtimeException } from '../realtime.exception.js';

const WINDOW_MS = 60_000;

/**
 * Starts per principal per minute, counted in Redis so every notification instance shares the
 * budget. A socket is one long-lived connection: without this, one client could queue scans as fast
 * as it can emit messages, bypassing the gateway's per-key limit.
 */
export class StartRateLimiter {
  constructor(
    private readonly redis: Pick<Redis, 'multi'>,
    private readonly perMinute: number,
  ) {}

  async take(principalId: string, now = Date.now()): Promise<void> {
    const window = Math.floor(now / WINDOW_MS);
    const key = `so:notification:starts:${principalId}:${window}`;
    const results = await this.redis.multi().incr(key).pexpire(key, WINDOW_MS * 2).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count > this.perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
      throw new RealtimeException(
        'RATE_LIMITED',
        `at most ${this.perMinute} analyses per minute may be started over the socket: retry in ${retryAfterSeconds} s`,
      );
    }
  }
}
