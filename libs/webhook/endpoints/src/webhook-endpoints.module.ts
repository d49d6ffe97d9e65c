import { Module } from '@nestjs/common';
import { WebhookAdminGrpcController } from './grpc/webhook-admin.grpc.controller.js';
import { WebhookEndpointsResolver } from './graphql/webhook-endpoints.resolver.js';
import { WebhookEndpointUpdateService } from './webhook-endpoint-update.service.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

/** Endpoint management over gRPC (gateway admin calls) and GraphQL (reads). Needs WebhookRuntimeModule. */
@Module({
  controllers: [WebhookAdminGrpcController],
  providers: [WebhookEndpointService, WebhookEndpointUpdateService, WebhookEndpointsResolver],
  exports: [WebhookEndpointService, WebhookEndpointUpdateService],
})
export class WebhookEndpointsModule {}
