import { orchestratorProto } from '@so/contracts';
import type { AnalysisGrpcClient, IntegrationGrpcClient } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';
import {
  validateIntegrationRequest,
  validateIntegrationStatusRequest,
} from '../validation/public-request.validator.js';
import type { Decoded } from '../validation/wire-checked-decoder.js';
import type { IntegrationStatusCache } from '../integration/integration-status.cache.js';
import type { PublicCall } from './public-call.js';
import { requireDecoded } from './public-call.js';

const SERVICE_NAME = 'security.orchestrator.SecurityOrchestratorService';
const { HealthCheckResponse_ServingStatus: Serving } = orchestratorProto;

/** Integration RPCs (forwarded to the integration service) and the service-level HealthCheck. */
export class PublicIntegrationService {
  constructor(
    private readonly integration: IntegrationGrpcClient,
    private readonly analysis: AnalysisGrpcClient,
    private readonly healthTimeoutMs: number,
    private readonly statuses: IntegrationStatusCache,
  ) {}

  create(decoded: Decoded<orchestratorProto.IntegrationRequest>, call: PublicCall): Promise<orchestratorProto.IntegrationResponse> {
    const request = requireDecoded(decoded);
    validateIntegrationRequest(request);
    return this.integration.createIntegration(request, call.context);
  }

  status(decoded: Decoded<orchestratorProto.IntegrationStatusRequest>, call: PublicCall): Promise<orchestratorProto.IntegrationResponse> {
    const request = requireDecoded(decoded);
    validateIntegrationStatusRequest(request);
    // Clients poll this; the cache answers repeats within its TTL unless the status changed meanwhile.
    return this.statuses.read(call.context.identity.orgId, request.integrationId, () =>
      this.integration.getIntegrationStatus(request, call.context),
    );
  }

  /** SERVING when both backing services answer grpc.health.v1 SERVING; details name each. */
  async health(decoded: Decoded<orchestratorProto.HealthCheckRequest>): Promise<orchestratorProto.HealthCheckResponse> {
    const request = requireDecoded(decoded);
    if (request.service !== '' && request.service !== SERVICE_NAME) {
      throw new DomainException('NOT_FOUND', 'HEALTH.UNKNOWN_SERVICE', `unknown service ${JSON.stringify(request.service)}`);
    }
    const check = (peer: { checkHealth(timeoutMs: number): Promise<string> }) =>
      peer.checkHealth(this.healthTimeoutMs).catch(() => 'NOT_SERVING');
    const [analysis, integration] = await Promise.all([check(this.analysis.peer), check(this.integration.peer)]);
    const serving = analysis === 'SERVING' && integration === 'SERVING';
    return { status: serving ? Serving.SERVING : Serving.NOT_SERVING, details: { analysis, integration } };
  }
}
