import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GATEWAY_SCHEMA, gatewayDataSourceOptions } from '@so/gateway-identity';
import { PublicGrpcServer } from '@so/gateway-grpc-public';
import { setupOpenApiDocs, useApiVersionNegotiation, useJsonOnlyBodyParsing } from '@so/gateway-rest';
import {
  closeRedisConnection,
  createFastifyAdapter,
  createRedisConnection,
  JsonLogger,
  ProblemJsonFilter,
  runMigrationsWithLock,
  type RunningService,
} from '@so/shared';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { forceApolloTelemetryOff } from './config/apollo-environment.js';
import { loadGatewayConfig } from './config/gateway.config.js';
import { GatewayAppModule } from './gateway-app.module.js';

/**
 * Starts the gateway: migrates schema `gateway`, seeds BOOTSTRAP_API_KEY, composes the federated
 * graph (waiting for the subgraphs, bounded), then serves REST `/api/v1`, `/graphql`, `/docs` and
 * health over HTTP, and the public gRPC API on GRPC_PORT. Reads only `env` (besides forcing APOLLO_TELEMETRY_DISABLED, see
 * forceApolloTelemetryOff) and never exits the process.
 */
export async function bootstrapGatewayService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadGatewayConfig(env);
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const replaced = forceApolloTelemetryOff();
  if (replaced !== undefined)
    logger.warn(`APOLLO_TELEMETRY_DISABLED=${replaced} overridden to true: nothing may leave loopback`, 'Bootstrap');

  const dataSource = new DataSource(gatewayDataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE));
  let redis: Redis | undefined;
  let app: NestFastifyApplication | undefined;
  const closeResources = async () => {
    await app?.close().catch((error: unknown) => logger.error(error, 'Bootstrap'));
    if (redis) await closeRedisConnection(redis);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  };

  try {
    await dataSource.initialize().catch((error: unknown) => {
      throw new Error(`gateway: cannot connect to Postgres at ${safeUrl(config.DATABASE_URL)}: ${messageOf(error)}`);
    });
    await runMigrationsWithLock(dataSource, GATEWAY_SCHEMA);
    redis = createRedisConnection(config.REDIS_URL, 'gateway');
    await pingRedis(redis, config.REDIS_URL);

    const adapter = createFastifyAdapter(config.BODY_LIMIT_BYTES);
    useJsonOnlyBodyParsing(adapter.getInstance());
    useApiVersionNegotiation(adapter.getInstance());
    app = await NestFactory.create<NestFastifyApplication>(
      GatewayAppModule.forRoot({ config, dataSource, redis }),
      adapter,
      {
        logger,
        bodyParser: false,
        abortOnError: false,
      },
    );
    app.useGlobalFilters(new ProblemJsonFilter());
    setupOpenApiDocs(app);
    await app.listen({ host: config.HOST, port: config.HTTP_PORT });
  } catch (error) {
    await closeResources();
    throw error;
  }

  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const httpUrl = `http://${config.HOST}:${httpPort}`;
  const grpcUrl = app.get(PublicGrpcServer).address;
  logger.log({ msg: 'gateway started', httpUrl, grpcUrl, graphql: `${httpUrl}/graphql`, docs: `${httpUrl}/docs` }, 'Bootstrap');

  let closing: Promise<void> | undefined;
  return {
    name: 'gateway',
    httpUrl,
    grpcUrl,
    close: () => (closing ??= closeResources()),
  };
}

/** Fails boot with a clear line instead of hanging when Redis is unreachable (the shared connection retries forever). */
async function pingRedis(redis: Redis, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
      }),
    ]);
  } catch (error) {
    throw new Error(`gateway: cannot reach Redis at ${safeUrl(url)}: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for error messages. */
function safeUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
