import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WEBHOOK_INTERNAL_PROTO } from '@so/contracts';
import {
  createFastifyAdapter,
  createRedisConnection,
  grpcServerOptions,
  JsonLogger,
  outboxPruningOptions,
  ProblemJsonFilter,
  runMigrationsWithLock,
  type RunningService,
} from '@so/shared';
import { SecretCipher } from '@so/webhook-common';
import { WEBHOOK_SCHEMA, webhookDataSourceOptions } from '@so/webhook-data-access';
import { HealthImplementation } from 'grpc-health-check';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { loadWebhookConfig } from './config/webhook.config.js';
import { WebhookAppModule } from './webhook-app.module.js';

const GRPC_SERVICE = 'security.orchestrator.internal.WebhookAdminService';

/**
 * Starts the webhook service: migrates its schema, then serves gRPC (WebhookAdminService, health,
 * reflection), HTTP (GraphQL subgraph, health), consumes domain events and runs the delivery worker.
 * Reads only `env`, never process.env, and never exits the process.
 */
export async function bootstrapWebhookService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadWebhookConfig(env);
  const logger = new JsonLogger('webhook', config.LOG_LEVEL);
  const dataSource = new DataSource(webhookDataSourceOptions(config.DATABASE_URL, config.WEBHOOK_DATABASE_POOL_SIZE));
  let redis: Redis | undefined;
  let app: NestFastifyApplication | undefined;
  const health = new HealthImplementation({ '': 'NOT_SERVING', [GRPC_SERVICE]: 'NOT_SERVING' });

  const closeResources = async () => {
    await app?.close().catch((error: unknown) => logger.error(error, 'bootstrap'));
    if (redis) await closeRedis(redis);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  };

  try {
    await dataSource.initialize();
    await runMigrationsWithLock(dataSource, WEBHOOK_SCHEMA);
    redis = createRedisConnection(config.REDIS_URL, 'webhook');
    await ensureReachable(redis, config.REDIS_URL);
    const options = {
      internalToken: config.INTERNAL_TOKEN,
      redisUrl: config.REDIS_URL,
      allowlist: config.WEBHOOK_ALLOWLIST,
      retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      deliveryConcurrency: config.WEBHOOK_DELIVERY_CONCURRENCY,
      endpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
      busyDelayMs: config.WEBHOOK_BUSY_DELAY_MS,
      disableAfterFailingMs: config.WEBHOOK_DISABLE_AFTER_FAILING_MS,
      failureWarningAfter: config.WEBHOOK_FAILURE_WARNING_AFTER,
      retentionMs: config.WEBHOOK_RETENTION_MS,
      cleanupIntervalMs: config.WEBHOOK_CLEANUP_INTERVAL_MS,
      outboxPruning: outboxPruningOptions(config),
      claimTimeoutMs: config.WEBHOOK_CLAIM_TIMEOUT_MS,
      instanceId: `webhook-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    };
    app = await NestFactory.create<NestFastifyApplication>(
      WebhookAppModule.forRoot({ options, dataSource, redis, cipher: new SecretCipher(config.SECRETS_KEY) }, logger),
      createFastifyAdapter(),
      { logger, abortOnError: false, rawBody: true },
    );
    app.useGlobalFilters(new ProblemJsonFilter());
    app.connectMicroservice(
      grpcServerOptions({
        host: config.HOST,
        port: config.GRPC_PORT,
        packages: ['security.orchestrator.internal'],
        protoPaths: [WEBHOOK_INTERNAL_PROTO],
        health,
      }),
    );
    await app.startAllMicroservices();
    await app.listen({ host: config.HOST, port: config.HTTP_PORT });
  } catch (error) {
    await closeResources();
    throw error;
  }

  health.setStatus('', 'SERVING');
  health.setStatus(GRPC_SERVICE, 'SERVING');
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const httpUrl = `http://${config.HOST}:${httpPort}`;
  const grpcUrl = `${config.HOST}:${config.GRPC_PORT}`;
  logger.log({ msg: 'webhook service started', httpUrl, grpcUrl }, 'bootstrap');

  let closing: Promise<void> | undefined;
  return {
    name: 'webhook',
    httpUrl,
    grpcUrl,
    close: () => {
      closing ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(GRPC_SERVICE, 'NOT_SERVING');
        await closeResources();
      })();
      return closing;
    },
  };
}

/**
 * Redis connections wait through outages (maxRetriesPerRequest: null), which would make a boot
 * against an unreachable Redis hang; at boot we would rather fail with a clear message.
 */
async function ensureReachable(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis at ${redactUrl(url)} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** QUIT when connected; a client still trying to connect would queue QUIT forever, so drop it instead. */
async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
