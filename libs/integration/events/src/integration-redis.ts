import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedisConnection, createRedisConnection } from '@so/shared';
import type { Redis } from 'ioredis';
import { INTEGRATION_EVENTS_OPTIONS, type IntegrationEventsOptions } from './integration-events.options.js';

/**
 * Redis connections of the integration service: `commands` (readiness pings and short commands)
 * and `events`, held by the blocking XREADGROUP of the event consumer.
 */
@Injectable()
export class IntegrationRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(IntegrationRedis.name);
  readonly commands: Redis;
  readonly events: Redis;

  constructor(@Inject(INTEGRATION_EVENTS_OPTIONS) options: IntegrationEventsOptions) {
    this.commands = createRedisConnection(options.redisUrl, 'integration:commands');
    this.events = createRedisConnection(options.redisUrl, 'integration:events');
    for (const [name, connection] of Object.entries({ commands: this.commands, events: this.events })) {
      // Without a listener ioredis prints every reconnect error to stderr; log outages once, as JSON.
      let down = false;
      connection.on('error', (error: Error) => {
        if (down) return;
        down = true;
        this.logger.warn({ connection: name, err: error.message }, 'redis connection lost; reconnecting');
      });
      connection.on('ready', () => {
        if (!down) return;
        down = false;
        this.logger.log({ connection: name }, 'redis connection restored');
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.commands, this.events].map((connection) => closeRedisConnection(connection)));
  }
}
