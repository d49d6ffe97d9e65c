import { Inject, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { orchestratorProto } from '@so/contracts';
import { ApiKeyAuthenticator } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { closeRedisConnection } from '@so/shared';
import type { Redis } from 'ioredis';
import type { Server } from 'node:http';
import { EventStreamTail } from './event-stream.tail.js';
import { GraphqlWsServer } from './graphql-ws.server.js';
import { createSubscriptionSchema } from './subscription.schema.js';
import type { GatewaySubscriptionsOptions } from './subscriptions.options.js';

const SUBSCRIPTIONS_OPTIONS = Symbol('GATEWAY_SUBSCRIPTIONS_OPTIONS');
const RANGE_READER_REDIS = Symbol('GATEWAY_EVENT_RANGE_READER_REDIS');

/**
 * Live views of the domain event stream served by the gateway itself: GraphQL subscriptions
 * (graphql-ws, same port and path as the federated graph) and, through the exported
 * EventStreamTail, the SSE routes. Requires GatewayAuthModule and GatewayGrpcModule (global).
 */
@Module({})
export class GatewaySubscriptionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: GraphqlWsServer;

  constructor(
    @Inject(SUBSCRIPTIONS_OPTIONS) private readonly options: GatewaySubscriptionsOptions,
    @Inject(RANGE_READER_REDIS) private readonly rangeReader: Redis,
    private readonly tail: EventStreamTail,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly analyses: AnalysisGrpcClient,
  ) {}

  static forRoot(options: GatewaySubscriptionsOptions): DynamicModule {
    return {
      module: GatewaySubscriptionsModule,
      global: true,
      providers: [
        { provide: SUBSCRIPTIONS_OPTIONS, useValue: options },
        { provide: RANGE_READER_REDIS, useFactory: options.createRedis },
        {
          provide: EventStreamTail,
          inject: [RANGE_READER_REDIS],
          // One tail per process: every subscription and SSE stream is fanned out from it in memory.
          useFactory: (rangeReader: Redis) =>
            new EventStreamTail(options.createRedis(), new Logger(EventStreamTail.name), 5_000, rangeReader),
        },
      ],
      exports: [EventStreamTail],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const logger = new Logger(GatewaySubscriptionsModule.name);
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

  /** Before the HTTP server closes: open websockets and SSE streams would otherwise keep it from closing. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.close();
    await this.tail.stop();
    await closeRedisConnection(this.rangeReader);
  }
}
