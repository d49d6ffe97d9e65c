import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import { toWebhookEndpointView, type WebhookEndpointListView } from './webhook-endpoint.view.js';

/** The org's webhook endpoints, optionally only those of one project. */
@Injectable()
export class ListWebhookEndpointsUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(projectId: string | undefined, caller: AuthenticatedCaller): Promise<WebhookEndpointListView> {
    const response = await this.webhooks.listEndpoints({ projectId: projectId ?? '' }, caller);
    return { items: response.endpoints.map(toWebhookEndpointView) };
  }
}
