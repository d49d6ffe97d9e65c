import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookOperationsGrpcClient } from '@so/gateway-grpc';
import { toWebhookEndpointStatsView, type WebhookEndpointStatsView } from './webhook-endpoint-stats.view.js';

/** One endpoint's delivery statistics since a time. */
@Injectable()
export class GetWebhookEndpointStatsUseCase {
  constructor(private readonly operations: WebhookOperationsGrpcClient) {}

  async execute(
    endpointId: string,
    since: string | undefined,
    caller: AuthenticatedCaller,
  ): Promise<WebhookEndpointStatsView> {
    return toWebhookEndpointStatsView(
      await this.operations.getEndpointStats({ endpointId, since: since ?? '' }, caller),
    );
  }
}
