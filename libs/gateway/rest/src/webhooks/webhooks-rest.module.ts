import { Module } from '@nestjs/common';
import { InboundHooksController } from '../hooks/inbound-hooks.controller.js';
import { RelayInboundHookUseCase } from '../hooks/relay-inbound-hook.usecase.js';
import { CreateWebhookEndpointUseCase } from './create-webhook-endpoint.usecase.js';
import { DeleteWebhookEndpointUseCase } from './delete-webhook-endpoint.usecase.js';
import { GetWebhookEndpointStatsUseCase } from './get-webhook-endpoint-stats.usecase.js';
import { GetWebhookEndpointUseCase } from './get-webhook-endpoint.usecase.js';
import { InboundSourcesController } from './inbound-sources.controller.js';
import { ListWebhookEndpointsUseCase } from './list-webhook-endpoints.usecase.js';
import { ManageInboundSourcesUseCase } from './manage-inbound-sources.usecase.js';
import { QueryWebhookDeliveriesUseCase } from './query-webhook-deliveries.usecase.js';
import { ReplayWebhookMessagesUseCase } from './replay-webhook-messages.usecase.js';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.usecase.js';
import { SendWebhookTestEventUseCase } from './send-webhook-test-event.usecase.js';
import { UpdateWebhookEndpointUseCase } from './update-webhook-endpoint.usecase.js';
import { WebhookEndpointOperationsController } from './webhook-endpoint-operations.controller.js';
import { WebhookEndpointsController } from './webhook-endpoints.controller.js';
import { WebhookEventTypesController } from './webhook-event-types.controller.js';
import { WebhookMessagesController } from './webhook-messages.controller.js';

/**
 * The webhook part of REST `/api/v1`: endpoints, replay, dead letters, the attempt log, test events, endpoint statistics, inbound sources,
 * and the public inbound path `/api/v1/hooks/inbound/{sourceId}`. Needs the gateway's global gRPC clients.
 */
@Module({
  controllers: [
    WebhookEndpointsController,
    WebhookEndpointOperationsController,
    WebhookMessagesController,
    WebhookEventTypesController,
    InboundSourcesController,
    InboundHooksController,
  ],
  providers: [
    CreateWebhookEndpointUseCase,
    ListWebhookEndpointsUseCase,
    GetWebhookEndpointUseCase,
    UpdateWebhookEndpointUseCase,
    DeleteWebhookEndpointUseCase,
    RotateWebhookSecretUseCase,
    ReplayWebhookMessagesUseCase,
    QueryWebhookDeliveriesUseCase,
    ManageInboundSourcesUseCase,
    RelayInboundHookUseCase,
    SendWebhookTestEventUseCase,
    GetWebhookEndpointStatsUseCase,
  ],
})
export class GatewayWebhooksRestModule {}
