import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';
import type { CreateWebhookEndpointRequest } from './create-webhook-endpoint.request.js';
import { toWebhookEndpointView, type CreatedWebhookEndpointView } from './webhook-endpoint.view.js';

/** Subscribes a partner URL to event types; the signing secret is returned this once. */
@Injectable()
export class CreateWebhookEndpointUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(body: CreateWebhookEndpointRequest, caller: AuthenticatedCaller): Promise<CreatedWebhookEndpointView> {
    const response = await this.webhooks.createEndpoint(
      {
        url: body.url,
        eventTypes: body.eventTypes,
        description: body.description ?? '',
        projectId: body.projectId ?? '',
      },
      caller,
    );
    if (!response.endpoint) {
      throw new DomainException(
        'INTERNAL',
        'UPSTREAM.INVALID_RESPONSE',
        'the webhook service answered without the endpoint',
      );
    }
    return { ...toWebhookEndpointView(response.endpoint), secret: response.secret };
  }
}
