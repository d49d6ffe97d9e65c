import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedisConnection, createRedisConnection, logRedisOutages } from '@so/shared';
import type { Redis } from 'ioredis';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';

/**
 * The Redis connections of the notification service: `pub` for commands and adapter publishes
 * (also what readiness pings), `sub` held in subscriber mode by the socket.io Redis adapter, and
 * `events` held by the blocking XREADGROUP of the event consumer. Closed last, after the sockets.
 */
@Injectable()
export class RealtimeRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRedis.name);
  readonly pub: Redis;
  readonly sub: Redis;
  readonly events: Redis;

  constructor(@Inject(REALTIME_OPTIONS) options: RealtimeOptions) {
    this.pub = createRedisConnection(options.redisUrl, 'notification:pub');
    this.sub = createRedisConnection(options.redisUrl, 'notification:sub');
    this.events = createRedisConnection(options.redisUrl, 'notification:events');
    for (const [name, connection] of Object.entries({ pub: this.pub, sub: this.sub, events: this.events })) logRedisOutages(connection, name, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pub, this.sub, this.events].map((connection) => closeRedisConnection(connection)));
  }
}
