import { Module } from '@nestjs/common';
import { InboundSourcesResolver } from './graphql/inbound-sources.resolver.js';
import { WebhookInboundGrpcController } from './grpc/webhook-inbound.grpc.controller.js';
import { InboundHooksController } from './http/inbound-hooks.controller.js';
import { InboundReceiveService } from './inbound-receive.service.js';
import { InboundSourceService } from './inbound-source.service.js';

/** Inbound webhooks: source registration (gRPC, GraphQL) and the signed public endpoint. Needs WebhookRuntimeModule. */
@Module({
  controllers: [InboundHooksController, WebhookInboundGrpcController],
  providers: [InboundSourceService, InboundReceiveService, InboundSourcesResolver],
})
export class WebhookInboundModule {}
