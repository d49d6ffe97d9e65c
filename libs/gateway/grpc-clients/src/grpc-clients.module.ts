import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { GrpcPeerClient, type GrpcRetryPolicy } from '@so/shared';
import { AnalysisGrpcClient } from './peers/analysis.grpc-client.js';
import { IntegrationGrpcClient } from './peers/integration.grpc-client.js';
import { WebhookAdminGrpcClient } from './peers/webhook-admin.grpc-client.js';
import { WebhookInboundGrpcClient } from './peers/webhook-inbound.grpc-client.js';
import { WebhookOperationsGrpcClient } from './peers/webhook-operations.grpc-client.js';

export interface GatewayGrpcOptions {
  internalToken: string;
  deadlineMs: number;
  retry?: GrpcRetryPolicy;
  /** host:port of each peer. */
  analysisAddress: string;
  webhookAddress: string;
  integrationAddress: string;
}

/** One long-lived gRPC channel per peer, shared by every request; closed at shutdown. */
@Module({})
export class GatewayGrpcModule implements OnApplicationShutdown {
  constructor(
    private readonly analysis: AnalysisGrpcClient,
    private readonly webhook: WebhookAdminGrpcClient,
    private readonly integration: IntegrationGrpcClient,
  ) {}

  static forRoot(options: GatewayGrpcOptions): DynamicModule {
    const peer = (name: string, address: string) =>
      new GrpcPeerClient({
        name,
        address,
        internalToken: options.internalToken,
        deadlineMs: options.deadlineMs,
        retry: options.retry,
      });
    return {
      module: GatewayGrpcModule,
      global: true,
      providers: [
        {
          provide: AnalysisGrpcClient,
          useFactory: () => new AnalysisGrpcClient(peer('analysis', options.analysisAddress)),
        },
        {
          provide: WebhookAdminGrpcClient,
          useFactory: () => new WebhookAdminGrpcClient(peer('webhook', options.webhookAddress)),
        },
        // The webhook service's other gRPC services share the admin client's channel.
        {
          provide: WebhookOperationsGrpcClient,
          inject: [WebhookAdminGrpcClient],
          useFactory: (admin: WebhookAdminGrpcClient) => new WebhookOperationsGrpcClient(admin.peer),
        },
        {
          provide: WebhookInboundGrpcClient,
          inject: [WebhookAdminGrpcClient],
          useFactory: (admin: WebhookAdminGrpcClient) => new WebhookInboundGrpcClient(admin.peer),
        },
        {
          provide: IntegrationGrpcClient,
          useFactory: () => new IntegrationGrpcClient(peer('integration', options.integrationAddress)),
        },
      ],
      exports: [
        AnalysisGrpcClient,
        WebhookAdminGrpcClient,
        WebhookOperationsGrpcClient,
        WebhookInboundGrpcClient,
        IntegrationGrpcClient,
      ],
    };
  }

  onApplicationShutdown(): void {
    for (const client of [this.analysis, this.webhook, this.integration]) client.peer.close();
  }
}
