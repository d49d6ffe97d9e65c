import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookOperationsGrpcClient } from '@so/gateway-grpc';
import { requireFromWebhookService } from './upstream-response.js';
import { toWebhookMessageView, type RequeuedView, type WebhookMessageView } from './webhook-delivery.view.js';

/**
 * Sending messages again: one message, an endpoint's failures since a time, or the dead letters.
 * The `webhook-id` stays the same, so partners that deduplicate on it are safe.
 */
@Injectable()
export class ReplayWebhookMessagesUseCase {
  constructor(private readonly operations: WebhookOperationsGrpcClient) {}

  async resend(messageId: string, caller: AuthenticatedCaller): Promise<WebhookMessageView> {
    const response = await this.operations.resendMessage({ messageId }, caller);
    return toWebhookMessageView(requireFromWebhookService(response.message, 'message'));
  }

  async recover(endpointId: string, since: string, caller: AuthenticatedCaller): Promise<RequeuedView> {
    const response = await this.operations.recoverMessages({ endpointId, since }, caller);
    return { requeued: response.requeued };
  }

  async redrive(endpointId: string | undefined, caller: AuthenticatedCaller): Promise<RequeuedView> {
    const response = await this.operations.redriveDeadLetters({ endpointId: endpointId ?? '' }, caller);
    return { requeued: response.requeued };
  }
}
