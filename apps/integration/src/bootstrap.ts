import type { MicroserviceOptions } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ORCHESTRATOR_PROTO } from '@so/contracts';
import { createFastifyAdapter, grpcServerOptions, JsonLogger, ProblemJsonFilter, type RunningService } from '@so/shared';
import { HealthImplementation } from 'grpc-health-check';
import type { AddressInfo } from 'node:net';
import { loadIntegrationConfig } from './config/integration.config.js';
import { IntegrationModule } from './integration.module.js';

const ORCHESTRATOR_SERVICE = 'security.orchestrator.SecurityOrchestratorService';

/** Starts the integration service: event recording, gRPC (integration RPCs, health, reflection), subgraph, health. */
export async function bootstrapIntegrationService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadIntegrationConfig(env);
  const logger = new JsonLogger('integration', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(IntegrationModule.forRoot(config), createFastifyAdapter(), {
    logger,
    // Throw instead of exiting the process: end-to-end tests boot several services in one process.
    abortOnError: false,
  });
  const health = new HealthImplementation({ '': 'NOT_SERVING', [ORCHESTRATOR_SERVICE]: 'NOT_SERVING' });
  try {
    app.useGlobalFilters(new ProblemJsonFilter());
    app.connectMicroservice<MicroserviceOptions>(
      grpcServerOptions({
        host: config.HOST,
        port: config.GRPC_PORT,
        packages: ['security.orchestrator'],
        protoPaths: [ORCHESTRATOR_PROTO],
        health,
      }),
    );
    await app.startAllMicroservices();
    await app.listen({ port: config.HTTP_PORT, host: config.HOST });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  health.setStatus('', 'SERVING');
  health.setStatus(ORCHESTRATOR_SERVICE, 'SERVING');
  const { port } = app.getHttpServer().address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    name: 'integration',
    httpUrl: `http://${config.HOST}:${port}`,
    grpcUrl: `${config.HOST}:${config.GRPC_PORT}`,
    close: () =>
      (closing ??= (async () => {
        // Probes see the drain before connections go away.
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(ORCHESTRATOR_SERVICE, 'NOT_SERVING');
        await app.close();
      })()),
  };
}
