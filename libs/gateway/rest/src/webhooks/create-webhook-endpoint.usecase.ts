import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import type { CreateWebhookEndpointRequest } from './create-webhook-endpoint.request.js';
import { requireFromWebhookService } from './upstream-response.js';
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
        options: {
          rateLimitPerSecond: body.rateLimitPerSecond ?? 0,
          headers: body.headers ?? {},
          filterJson: body.filter ? JSON.stringify(body.filter) : '',
          signingScheme: body.signingScheme ?? 'hmac',
          publicKey: '',
          ordered: body.ordered ?? false,
        },
      },
      caller,
    );
    const endpoint = requireFromWebhookService(response.endpoint, 'endpoint');
    return { ...toWebhookEndpointView(endpoint), secret: response.secret };
  }
}
