import { Inject, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { orchestratorProto } from '@so/contracts';
import { ApiKeyAuthenticator } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import type { Server } from 'node:http';
import { EventStreamTail } from './event-stream.tail.js';
import { GraphqlWsServer } from './graphql-ws.server.js';
import { createSubscriptionSchema } from './subscription.schema.js';
import type { GatewaySubscriptionsOptions } from './subscriptions.options.js';

const SUBSCRIPTIONS_OPTIONS = Symbol('GATEWAY_SUBSCRIPTIONS_OPTIONS');

/**
 * GraphQL subscriptions served by the gateway itself (graphql-ws, same port and path as the
 * federated graph) from the domain event stream. Requires GatewayAuthModule and GatewayGrpcModule (global).
 */
@Module({})
export class GatewaySubscriptionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: GraphqlWsServer;
  private tail?: EventStreamTail;

  constructor(
    @Inject(SUBSCRIPTIONS_OPTIONS) private readonly options: GatewaySubscriptionsOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly analyses: AnalysisGrpcClient,
  ) {}

  static forRoot(options: GatewaySubscriptionsOptions): DynamicModule {
    return { module: GatewaySubscriptionsModule, providers: [{ provide: SUBSCRIPTIONS_OPTIONS, useValue: options }] };
  }

  async onApplicationBootstrap(): Promise<void> {
    const logger = new Logger(GatewaySubscriptionsModule.name);
    this.tail = new EventStreamTail(this.options.createRedis(), logger);
    await this.tail.start();
    this.server = new GraphqlWsServer({
      path: this.options.path,
      schema: createSubscriptionSchema(this.tail, async (identity, analysisId) => {
        const analysis = await this.analyses.getAnalysis({ analysisId, projectId: '' }, { identity });
        return {
          projectId: analysis.projectId,
          status: orchestratorProto.AnalysisStatus[analysis.status] ?? 'UNRECOGNIZED',
          errorMessage: analysis.errorMessage || null,
          occurredAt: analysis.completedAt || analysis.createdAt,
        };
      }),
      authenticator: this.authenticator,
      logger,
      maxSubscriptionsPerConnection: this.options.maxSubscriptionsPerConnection ?? 50,
    });
    this.server.attach(this.adapterHost.httpAdapter.getHttpServer() as Server);
  }

  /** Before the HTTP server closes: open websockets would otherwise keep it from closing. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.close();
    await this.tail?.stop();
  }
}
