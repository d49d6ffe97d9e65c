import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RealtimeModule } from '@so/notification-realtime';
import { RedisHealthIndicator } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { NotificationConfig } from './config/notification.config.js';
import { HealthController } from './health/health.controller.js';

@Module({})
export class NotificationModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationModule,
      imports: [
        TerminusModule,
        RealtimeModule.forRoot({
          redisUrl: config.REDIS_URL,
          internalToken: config.INTERNAL_TOKEN,
          corsOrigins: config.CORS_ORIGINS,
          instanceId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
          maxSubscriptionsPerSocket: config.MAX_SUBSCRIPTIONS_PER_SOCKET,
          // Room for an inline OpenAPI document in START_ANALYSIS; larger ones go through REST.
          maxMessageBytes: 1024 * 1024,
          analysisGrpcUrl: config.ANALYSIS_GRPC_URL,
          startDeadlineMs: 10_000,
          startsPerMinute: config.SOCKET_STARTS_PER_MINUTE,
        }),
      ],
      controllers: [HealthController],
      providers: [RedisHealthIndicator],
    };
  }
}
