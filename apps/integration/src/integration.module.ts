import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { integrationDataSourceOptions, IntegrationMigrationsRunner } from '@so/integration-data-access';
import { IntegrationDispatchModule } from '@so/integration-dispatch';
import { IntegrationEventsModule } from '@so/integration-events';
import { IntegrationGraphqlModule } from '@so/integration-graphql';
import { IntegrationManagementModule } from '@so/integration-management';
import { outboxPruningOptions, RedisHealthIndicator } from '@so/shared';
import { hostname } from 'node:os';
import type { IntegrationConfig } from './config/integration.config.js';
import { HealthController } from './health/health.controller.js';

@Module({})
export class IntegrationModule {
  static forRoot(config: IntegrationConfig): DynamicModule {
    return {
      module: IntegrationModule,
      imports: [
        TerminusModule,
        // Few retries: a bootstrap should fail within seconds when Postgres is down, not after half a minute.
        TypeOrmModule.forRoot({ ...integrationDataSourceOptions(config.DATABASE_URL), retryAttempts: 2, retryDelay: 1000 }),
        IntegrationEventsModule.forRoot({ redisUrl: config.REDIS_URL, consumerName: `integration-${hostname()}-${process.pid}` }),
        IntegrationManagementModule.forRoot({
          internalToken: config.INTERNAL_TOKEN,
          secretsKey: config.SECRETS_KEY,
          outboundAllowlist: config.INTEGRATION_ALLOWLIST,
        }),
        IntegrationDispatchModule.forRoot({
          redisUrl: config.REDIS_URL,
          secretsKey: config.SECRETS_KEY,
          allowlist: config.INTEGRATION_ALLOWLIST,
          timeoutMs: config.CONNECTOR_TIMEOUT_MS,
          maxAttempts: config.DISPATCH_MAX_ATTEMPTS,
          retryBaseMs: config.DISPATCH_RETRY_BASE_MS,
          concurrency: config.DISPATCH_CONCURRENCY,
          breakerFailureThreshold: config.BREAKER_FAILURE_THRESHOLD,
          breakerCooldownMs: config.BREAKER_COOLDOWN_MS,
          outboxPruning: outboxPruningOptions(config),
        }),
        IntegrationGraphqlModule.forRoot({ internalToken: config.INTERNAL_TOKEN }),
      ],
      controllers: [HealthController],
      providers: [RedisHealthIndicator, IntegrationMigrationsRunner],
    };
  }
}
