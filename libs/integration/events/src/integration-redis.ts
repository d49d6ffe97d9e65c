import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedisConnection, createRedisConnection, logRedisOutages } from '@so/shared';
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
    for (const [name, connection] of Object.entries({ commands: this.commands, events: this.events })) logRedisOutages(connection, name, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.commands, this.events].map((connection) => closeRedisConnection(connection)));
  }
}
