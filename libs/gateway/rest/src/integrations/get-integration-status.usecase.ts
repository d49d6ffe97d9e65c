import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { IntegrationGrpcClient } from '@so/gateway-grpc';
import { toIntegrationStatusView, type IntegrationStatusView } from './integration-status.view.js';

/** Connection status of one integration of the caller's org. */
@Injectable()
export class GetIntegrationStatusUseCase {
  constructor(private readonly integrations: IntegrationGrpcClient) {}

  async execute(integrationId: string, caller: AuthenticatedCaller): Promise<IntegrationStatusView> {
    return toIntegrationStatusView(await this.integrations.getIntegrationStatus({ integrationId }, caller));
  }
}
