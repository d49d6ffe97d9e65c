import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ANALYSIS_INTERNAL_PROTO, ORCHESTRATOR_PROTO } from '@so/contracts';
import {
  createFastifyAdapter,
  grpcServerOptions,
  JsonLogger,
  ProblemJsonFilter,
  type RunningService,
} from '@so/shared';
import { HealthImplementation } from 'grpc-health-check';
import type { AddressInfo } from 'node:net';
import { AnalysisAppModule } from './analysis-app.module.js';
import { loadAnalysisConfig } from './config/analysis.config.js';

/** Service names the standard grpc.health.v1 service reports on ('' = the whole server). */
const GRPC_SERVICES = [
  '',
  'security.orchestrator.SecurityOrchestratorService',
  'security.orchestrator.internal.AnalysisQueryService',
];

/**
 * Starts the analysis service: gRPC (public + internal analysis RPCs, health, reflection), the
 * GraphQL subgraph and health on HTTP, the analysis worker and the outbox relay.
 */
export async function bootstrapAnalysisService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadAnalysisConfig(env);
  const logger = new JsonLogger('analysis', config.LOG_LEVEL);
  const health = new HealthImplementation(Object.fromEntries(GRPC_SERVICES.map((name) => [name, 'NOT_SERVING'])));
  const app = await NestFactory.create<NestFastifyApplication>(
    AnalysisAppModule.forRoot(config),
    createFastifyAdapter(),
    {
      logger,
      // Throw instead of exiting the process: end-to-end tests boot several services in one process.
      abortOnError: false,
    },
  );
  try {
    app.useGlobalFilters(new ProblemJsonFilter());
    app.connectMicroservice<MicroserviceOptions>(
      grpcServerOptions({
        host: config.HOST,
        port: config.GRPC_PORT,
        // Nest collects services of nested packages too, so listing `.internal` as well would
        // register AnalysisQueryService twice.
        packages: ['security.orchestrator'],
        protoPaths: [ORCHESTRATOR_PROTO, ANALYSIS_INTERNAL_PROTO],
        health,
      }),
    );
    await app.startAllMicroservices();
    await app.listen({ port: config.HTTP_PORT, host: config.HOST });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  for (const name of GRPC_SERVICES) health.setStatus(name, 'SERVING');
  const { port } = app.getHttpServer().address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    name: 'analysis',
    httpUrl: `http://${config.HOST}:${port}`,
    grpcUrl: `${config.HOST}:${config.GRPC_PORT}`,
    close: () =>
      (closing ??= (async () => {
        // Probes see NOT_SERVING first, so load balancers stop sending work before the server goes.
        for (const name of GRPC_SERVICES) health.setStatus(name, 'NOT_SERVING');
        await app.close();
      })()),
  };
}
