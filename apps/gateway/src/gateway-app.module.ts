import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { GatewayAuthModule } from '@so/gateway-auth';
import { GatewayFederationModule } from '@so/gateway-federation';
import { GatewayGrpcModule } from '@so/gateway-grpc';
import { GatewayGrpcPublicModule } from '@so/gateway-grpc-public';
import { GatewayIdentityModule } from '@so/gateway-identity';
import { GatewayRestModule, OPENAPI_DOCS_PATH } from '@so/gateway-rest';
import { GatewaySubscriptionsModule } from '@so/gateway-subscriptions';
import { createRedisConnection } from '@so/shared';
import { Redis } from 'ioredis';
import { once } from 'node:events';
import type { DataSource } from 'typeorm';
import type { GatewayConfig } from './config/gateway.config.js';

export interface GatewayAppDependencies {
  config: GatewayConfig;
  /** Initialised and migrated; destroyed by bootstrap. */
  dataSource: DataSource;
  /** Shared command connection; closed by bootstrap. */
  redis: Redis;
}

export const GRAPHQL_PATH = '/graphql';

/** Root module: wires the gateway libs from the validated config. */
@Module({})
export class GatewayAppModule {
  static forRoot({ config, dataSource, redis }: GatewayAppDependencies): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        GatewayIdentityModule.forRoot({
          dataSource,
          redis,
          createSubscriber: () => createRedisConnection(config.REDIS_URL, 'gateway-key-revocations'),
          apiKeyCacheTtlMs: config.API_KEY_CACHE_TTL_SECONDS * 1000,
          bootstrapApiKey: config.BOOTSTRAP_API_KEY,
        }),
        GatewayAuthModule.forRoot({
          graphqlPath: GRAPHQL_PATH,
          publicPathPrefixes: [`/${OPENAPI_DOCS_PATH}`],
          rateLimit: { limit: config.RATE_LIMIT_MAX, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
          createRateLimitRedis: () => createRateLimitRedis(config.REDIS_URL),
        }),
        GatewayGrpcModule.forRoot({
          internalToken: config.INTERNAL_TOKEN,
          deadlineMs: config.GRPC_DEADLINE_MS,
          analysisAddress: config.ANALYSIS_GRPC_URL,
          webhookAddress: config.WEBHOOK_GRPC_URL,
          integrationAddress: config.INTEGRATION_GRPC_URL,
        }),
        GatewayFederationModule.forRoot({
          path: GRAPHQL_PATH,
          subgraphs: [
            { name: 'analysis', url: config.ANALYSIS_GRAPHQL_URL },
            { name: 'integration', url: config.INTEGRATION_GRAPHQL_URL },
            { name: 'webhook', url: config.WEBHOOK_GRAPHQL_URL },
          ],
          internalToken: config.INTERNAL_TOKEN,
          subgraphWaitMs: config.SUBGRAPH_WAIT_SECONDS * 1000,
          pollIntervalMs: config.SUBGRAPH_POLL_INTERVAL_SECONDS * 1000,
          subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
          graphiql: config.NODE_ENV === 'development',
          introspection: config.NODE_ENV !== 'production',
          limits: {
            maxDepth: config.GRAPHQL_MAX_DEPTH,
            maxCost: config.GRAPHQL_MAX_COST,
            maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
            allowlistFile: config.GRAPHQL_ALLOWLIST_FILE,
          },
        }),
        GatewayGrpcPublicModule.forRoot({
          host: config.HOST,
          port: config.GRPC_PORT,
          tls: config.GRPC_TLS_CERT && config.GRPC_TLS_KEY
            ? { certFile: config.GRPC_TLS_CERT, keyFile: config.GRPC_TLS_KEY, caFile: config.GRPC_TLS_CA }
            : undefined,
          allowInsecure: config.GRPC_ALLOW_INSECURE === 'true',
          maxMessageBytes: config.GRPC_MAX_MESSAGE_BYTES,
          healthCheckTimeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
          integrationStatusCacheTtlMs: config.GRPC_INTEGRATION_STATUS_CACHE_MS,
        }),
        GatewaySubscriptionsModule.forRoot({
          path: GRAPHQL_PATH,
          createRedis: () => createRedisConnection(config.REDIS_URL, 'gateway-subscriptions'),
        }),
        GatewayRestModule.forRoot({
          internalToken: config.INTERNAL_TOKEN,
          redis,
          notificationHttpUrl: config.NOTIFICATION_HTTP_URL,
          healthCheckTimeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
      ],
    };
  }
}

/**
 * The rate limiter's own connection: no offline queue, so when Redis is away a request fails open at
 * once instead of waiting for a reconnect (the shared connection waits). The command timeout only
 * bounds a Redis that took the command and does not answer. It is not short: at 500 ms, a lease
 * answered late on a loaded machine counted as an outage, and every caller waiting for that lease was
 * let through, past the quota, exactly when load makes the quota matter.
 */
const RATE_LIMIT_COMMAND_TIMEOUT_MS = 2_000;

async function createRateLimitRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: 'gateway-rate-limit',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: RATE_LIMIT_COMMAND_TIMEOUT_MS,
  });
  redis.on('error', () => undefined);
  const ready = once(redis, 'ready').then(() => true);
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref());
  if (!(await Promise.race([ready, timeout])))
    new Logger('RateLimiter').warn('Redis not ready; requests pass unthrottled until it is');
  return redis;
}
