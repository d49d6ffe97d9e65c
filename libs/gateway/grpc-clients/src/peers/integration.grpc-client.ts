import { orchestratorProto } from '@so/contracts';
import type { GrpcPeerClient, PeerCallContext } from '@so/shared';

const service = orchestratorProto.SecurityOrchestratorServiceService;

/** The integration service, which serves the integration RPCs of `SecurityOrchestratorService`. */
export class IntegrationGrpcClient {
  constructor(readonly peer: GrpcPeerClient) {}

  createIntegration(
    request: orchestratorProto.IntegrationRequest,
    context: PeerCallContext,
  ): Promise<orchestratorProto.IntegrationResponse> {
    return this.peer.unary(service.createIntegration, request, context);
  }

  getIntegrationStatus(
    request: orchestratorProto.IntegrationStatusRequest,
    context: PeerCallContext,
  ): Promise<orchestratorProto.IntegrationResponse> {
    return this.peer.unary(service.getIntegrationStatus, request, context, { idempotent: true });
  }
}
