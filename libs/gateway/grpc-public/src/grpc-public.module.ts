import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyAuthenticator } from '@so/gateway-auth';
import { AnalysisGrpcClient, IntegrationGrpcClient } from '@so/gateway-grpc';
import { EventStreamTail } from '@so/gateway-subscriptions';
import { AnalysisEventTail } from './analysis/analysis-event-tail.js';
import { AnalysisFollower } from './analysis/analysis-follower.js';
import { CallRunners } from './handlers/call-runners.js';
import { IntegrationStatusCache } from './integration/integration-status.cache.js';
import { PublicAnalysisQueryService } from './handlers/public-analysis-query.service.js';
import { PublicAnalysisService } from './handlers/public-analysis.service.js';
import { PublicIntegrationService } from './handlers/public-integration.service.js';
import { PublicGrpcServer, type PublicGrpcServerOptions } from './server/public-grpc.server.js';
import { publicQueryServiceDefinition, publicServiceDefinition } from './server/public-service.definition.js';

export interface GatewayGrpcPublicOptions extends PublicGrpcServerOptions {
  healthCheckTimeoutMs: number;
  /** How long a GetIntegrationStatus answer may be reused (0 = ask the integration service every time). */
  integrationStatusCacheTtlMs: number;
}

const OPTIONS = Symbol('GATEWAY_GRPC_PUBLIC_OPTIONS');

/**
 * The public gRPC API for peer services and CI pipelines; listens when the app starts, closes with it.
 * Requires GatewaySubscriptionsModule (global) for the event-stream tail.
 */
@Module({})
export class GatewayGrpcPublicModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribeStatusCache?: () => void;

  constructor(
    private readonly server: PublicGrpcServer,
    private readonly tail: AnalysisEventTail,
    private readonly events: EventStreamTail,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly analysis: AnalysisGrpcClient,
    private readonly integration: IntegrationGrpcClient,
    @Inject(OPTIONS) private readonly options: GatewayGrpcPublicOptions,
  ) {}

  static forRoot(options: GatewayGrpcPublicOptions): DynamicModule {
    return {
      module: GatewayGrpcPublicModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: PublicGrpcServer, useFactory: () => new PublicGrpcServer(options) },
        // The gateway's one event-stream tail (GatewaySubscriptionsModule, global), indexed by analysis.
        { provide: AnalysisEventTail, inject: [EventStreamTail], useFactory: (tail: EventStreamTail) => new AnalysisEventTail(tail) },
      ],
      exports: [PublicGrpcServer],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.tail.start();
    const runners = new CallRunners(this.authenticator);
    const analyses = new PublicAnalysisService(this.analysis, new AnalysisFollower(this.analysis, this.tail));
    const statuses = new IntegrationStatusCache({ ttlMs: this.options.integrationStatusCacheTtlMs });
    this.unsubscribeStatusCache = this.events.subscribe(statuses.onEvent, ['integration.status_changed']);
    const integrations = new PublicIntegrationService(this.integration, this.analysis, this.options.healthCheckTimeoutMs, statuses);
    this.server.addService(publicServiceDefinition, {
      AnalyzeSecurity: runners.unary('analyses:write', analyses.analyze.bind(analyses)),
      AnalyzeSecurityStream: runners.serverStream('analyses:write', analyses.stream.bind(analyses)),
      AnalyzeSecurityBatch: runners.clientStream('analyses:write', analyses.batch.bind(analyses)),
      AnalyzeSecurityBidirectional: runners.bidi('analyses:write', analyses.bidirectional.bind(analyses)),
      HealthCheck: runners.unary('public', integrations.health.bind(integrations)),
      CreateIntegration: runners.unary('integrations:write', integrations.create.bind(integrations)),
      GetIntegrationStatus: runners.unary('integrations:read', integrations.status.bind(integrations)),
    });
    const queries = new PublicAnalysisQueryService(this.analysis);
    this.server.addService(publicQueryServiceDefinition, {
      GetAnalysis: runners.unary('analyses:read', queries.get.bind(queries)),
      CancelAnalysis: runners.unary('analyses:write', queries.cancel.bind(queries)),
    });
    await this.server.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
    this.tail.stop();
    this.unsubscribeStatusCache?.();
  }
}
