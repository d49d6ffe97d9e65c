import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { orchestratorProto } from '@so/contracts';
import { correlationFromMetadata, DomainException, identityFromMetadata, runWithCorrelation, type CallerIdentity } from '@so/shared';
import { GrpcExceptionFilter } from './grpc-exception.filter.js';
import { INTEGRATION_MANAGEMENT_OPTIONS, type IntegrationManagementOptions } from './integration-management.options.js';
import { IntegrationService, type IntegrationView } from './integration.service.js';

type IntegrationRpcs = Pick<orchestratorProto.SecurityOrchestratorServiceController, 'createIntegration' | 'getIntegrationStatus'>;

const SERVICE = 'SecurityOrchestratorService';

/**
 * The integration RPCs of `security.orchestrator.SecurityOrchestratorService` (the analysis service
 * serves the others). Each call must carry the identity the gateway signed.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class IntegrationGrpcController implements IntegrationRpcs {
  constructor(
    @Inject(INTEGRATION_MANAGEMENT_OPTIONS) private readonly options: IntegrationManagementOptions,
    private readonly integrations: IntegrationService,
  ) {}

  @GrpcMethod(SERVICE, 'CreateIntegration')
  createIntegration(request: orchestratorProto.IntegrationRequest, metadata?: Metadata): Promise<orchestratorProto.IntegrationResponse> {
    return runWithCorrelation(correlationFromMetadata(metadata), async () =>
      toResponse(await this.integrations.create(this.identity(metadata), request)),
    );
  }

  @GrpcMethod(SERVICE, 'GetIntegrationStatus')
  getIntegrationStatus(request: orchestratorProto.IntegrationStatusRequest, metadata?: Metadata): Promise<orchestratorProto.IntegrationResponse> {
    return runWithCorrelation(correlationFromMetadata(metadata), async () =>
      toResponse(await this.integrations.getStatus(this.identity(metadata), request.integrationId)),
    );
  }

  private identity(metadata: Metadata | undefined): CallerIdentity {
    const identity = identityFromMetadata(metadata, this.options.internalToken);
    if (!identity) throw new DomainException('UNAUTHENTICATED', 'INTEGRATION.UNAUTHENTICATED', 'a verified caller identity (x-so-identity) is required');
    return identity;
  }
}

function toResponse(view: IntegrationView): orchestratorProto.IntegrationResponse {
  return {
    integrationId: view.id,
    status: orchestratorProto.IntegrationStatus[view.status],
    message: view.message,
    lastCheckedAt: view.lastCheckedAt?.toISOString() ?? '',
  };
}
