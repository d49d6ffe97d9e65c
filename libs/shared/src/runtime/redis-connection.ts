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
