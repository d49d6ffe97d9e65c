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

/** Where `logRedisOutages` reports; Nest's Logger fits. */
export interface OutageLogger {
  warn(message: unknown, context?: string): void;
  log(message: unknown, context?: string): void;
}

/**
 * Logs each outage of `connection` once, as structured lines, instead of ioredis printing every
 * reconnect error to stderr (which it does when nothing listens for `error`).
 */
export function logRedisOutages(connection: Redis, name: string, logger: OutageLogger): void {
  let down = false;
  connection.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ connection: name, err: error.message, msg: 'redis connection lost; reconnecting' });
  });
  connection.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log({ connection: name, msg: 'redis connection restored' });
  });
}
