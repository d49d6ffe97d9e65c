import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import type { UpdateWebhookEndpointRequest } from './update-webhook-endpoint.request.js';
import { requireFromWebhookService } from './upstream-response.js';
import { toWebhookEndpointView, type WebhookEndpointView } from './webhook-endpoint.view.js';

/** Partial update: absent fields keep their value; `null` clears the rate limit or the filter. */
@Injectable()
export class UpdateWebhookEndpointUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(id: string, body: UpdateWebhookEndpointRequest, caller: AuthenticatedCaller): Promise<WebhookEndpointView> {
    const response = await this.webhooks.updateEndpoint(
      {
        id,
        url: body.url,
        eventTypes: body.eventTypes ?? [],
        replaceEventTypes: body.eventTypes !== undefined,
        description: body.description,
        enabled: body.enabled,
        // The webhook service reads 0 as "no limit" and "" as "no filter".
        rateLimitPerSecond: body.rateLimitPerSecond === undefined ? undefined : (body.rateLimitPerSecond ?? 0),
        headers: body.headers ?? {},
        replaceHeaders: body.headers !== undefined,
        filterJson: body.filter === undefined ? undefined : body.filter === null ? '' : JSON.stringify(body.filter),
        ordered: body.ordered,
      },
      caller,
    );
    return toWebhookEndpointView(requireFromWebhookService(response.endpoint, 'endpoint'));
  }
}
