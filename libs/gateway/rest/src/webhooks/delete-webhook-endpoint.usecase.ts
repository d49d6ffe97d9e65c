import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';

/** Removes an endpoint; deliveries to it stop. */
@Injectable()
export class DeleteWebhookEndpointUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(id: string, caller: AuthenticatedCaller): Promise<void> {
    const response = await this.webhooks.deleteEndpoint({ id }, caller);
    if (!response.deleted)
      throw new DomainException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${id} does not exist`);
  }
}
