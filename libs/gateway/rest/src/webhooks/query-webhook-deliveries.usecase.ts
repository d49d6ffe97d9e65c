import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookOperationsGrpcClient } from '@so/gateway-grpc';
import type { AttemptPageQuery, DeadLettersQuery } from './webhook-delivery.request.js';
import { requireFromWebhookService } from './upstream-response.js';
import {
  toWebhookAttemptPageView,
  toWebhookMessageView,
  type WebhookAttemptPageView,
  type WebhookMessageListView,
  type WebhookMessageView,
} from './webhook-delivery.view.js';

/** Reads of delivery state: a message, the dead letters and the attempt log. */
@Injectable()
export class QueryWebhookDeliveriesUseCase {
  constructor(private readonly operations: WebhookOperationsGrpcClient) {}

  async message(messageId: string, caller: AuthenticatedCaller): Promise<WebhookMessageView> {
    const response = await this.operations.getMessage({ messageId }, caller);
    return toWebhookMessageView(requireFromWebhookService(response.message, 'message'));
  }

  async deadLetters(query: DeadLettersQuery, caller: AuthenticatedCaller): Promise<WebhookMessageListView> {
    const response = await this.operations.listDeadLetters(
      { endpointId: query.endpointId ?? '', limit: query.limit ?? 0 },
      caller,
    );
    return { items: response.messages.map(toWebhookMessageView) };
  }

  async messageAttempts(messageId: string, page: AttemptPageQuery, caller: AuthenticatedCaller): Promise<WebhookAttemptPageView> {
    const response = await this.operations.listMessageAttempts(
      { messageId, limit: page.limit ?? 0, cursor: page.cursor ?? '' },
      caller,
    );
    return toWebhookAttemptPageView(response);
  }

  async endpointAttempts(endpointId: string, page: AttemptPageQuery, caller: AuthenticatedCaller): Promise<WebhookAttemptPageView> {
    const response = await this.operations.listEndpointAttempts(
      { endpointId, limit: page.limit ?? 0, cursor: page.cursor ?? '' },
      caller,
    );
    return toWebhookAttemptPageView(response);
  }
}
