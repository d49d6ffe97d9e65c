import { Redis } from 'ioredis';
import { freePort } from '../net/free-port.js';

/**
 * A client for a Redis that is not there: a free loopback port nobody listens on, no offline
 * queue and no retries, so every command fails at once as it would during an outage. Connection
 * errors are swallowed (the code under test sees them as rejected commands). Disconnect it after use.
 */
export async function openUnreachableTestRedis(): Promise<Redis> {
  const redis = new Redis({
    host: '127.0.0.1',
    port: await freePort(),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  return redis;
}
