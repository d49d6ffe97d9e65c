import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookOperationsGrpcClient } from '@so/gateway-grpc';
import { requireFromWebhookService } from './upstream-response.js';
import { toWebhookMessageView, type WebhookMessageView } from './webhook-delivery.view.js';

/** Sends the catalogue example of an event type to one endpoint only, as a test message. */
@Injectable()
export class SendWebhookTestEventUseCase {
  constructor(private readonly operations: WebhookOperationsGrpcClient) {}

  async execute(
    endpointId: string,
    eventType: string | undefined,
    caller: AuthenticatedCaller,
  ): Promise<WebhookMessageView> {
    const response = await this.operations.sendTestEvent({ endpointId, eventType: eventType ?? '' }, caller);
    return toWebhookMessageView(requireFromWebhookService(response.message, 'message'));
  }
}
