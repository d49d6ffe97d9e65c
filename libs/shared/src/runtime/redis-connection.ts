import { Redis } from 'ioredis';

/**
 * A long-lived Redis connection. `maxRetriesPerRequest: null` is what BullMQ workers and blocking
 * stream reads need (they wait through reconnects instead of failing the command).
 */
export function createRedisConnection(url: string, connectionName: string): Redis {
  return new Redis(url, {
    connectionName,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

/**
 * Closes a connection without ever hanging: QUIT when connected (bounded by `timeoutMs`), otherwise
 * (or when QUIT does not answer) a hard disconnect. Plain `quit()` on a connection whose Redis is
 * down waits in the offline queue forever, which would block a service's close().
 */
export async function closeRedisConnection(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const quit = redis.quit().then(() => true, () => false);
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = await Promise.race([quit, timedOut]);
    clearTimeout(timer);
    if (done) return;
  }
  redis.disconnect();
}
