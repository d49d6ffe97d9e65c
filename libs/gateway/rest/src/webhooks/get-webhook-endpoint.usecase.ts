import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import { requireFromWebhookService } from './upstream-response.js';
import { toWebhookEndpointView, type WebhookEndpointView } from './webhook-endpoint.view.js';

/** One endpoint of the caller's org, with its delivery settings (never its secret). */
@Injectable()
export class GetWebhookEndpointUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(id: string, caller: AuthenticatedCaller): Promise<WebhookEndpointView> {
    const response = await this.webhooks.getEndpoint({ id }, caller);
    return toWebhookEndpointView(requireFromWebhookService(response.endpoint, 'endpoint'));
  }
}
