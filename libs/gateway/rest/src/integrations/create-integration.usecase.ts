import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { IntegrationGrpcClient } from '@so/gateway-grpc';
import type { CreateIntegrationRequest } from './create-integration.request.js';
import { toIntegrationStatusView, type IntegrationStatusView } from './integration-status.view.js';

/** Registers an external system (issue tracker, chat, generic HTTP, spec source) with the integration service. */
@Injectable()
export class CreateIntegrationUseCase {
  constructor(private readonly integrations: IntegrationGrpcClient) {}

  async execute(body: CreateIntegrationRequest, caller: AuthenticatedCaller): Promise<IntegrationStatusView> {
    const response = await this.integrations.createIntegration(
      {
        projectId: body.projectId,
        name: body.name,
        type: body.type,
        config: body.config ?? {},
        credentials: body.credentials ?? {},
      },
      caller,
    );
    return toIntegrationStatusView(response);
  }
}
