import type { Metadata } from '@grpc/grpc-js';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CancelAnalysisService, GetAnalysisService } from '@so/analysis-feature';
import { analysisInternalProto, type orchestratorProto } from '@so/contracts';
import { CallerIdentityResolver } from '../identity/caller-identity.resolver.js';
import { toAnalysisResponse } from './analysis.grpc-mapper.js';
import { GrpcCorrelationInterceptor } from './grpc-correlation.interceptor.js';
import { GrpcExceptionFilter } from './grpc-exception.filter.js';

/**
 * Fully qualified: the server loads this service as a nested package of `security.orchestrator`,
 * and Nest then matches handlers by the full service name.
 */
const SERVICE = 'security.orchestrator.internal.AnalysisQueryService';

/** Internal queries of the gateway: read and cancel an analysis of the caller's org. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCorrelationInterceptor)
export class AnalysisQueryGrpcController implements analysisInternalProto.AnalysisQueryServiceController {
  constructor(
    private readonly identities: CallerIdentityResolver,
    private readonly getAnalysisService: GetAnalysisService,
    private readonly cancelAnalysisService: CancelAnalysisService,
  ) {}

  @GrpcMethod(SERVICE, 'GetAnalysis')
  async getAnalysis(
    request: analysisInternalProto.GetAnalysisRequest,
    metadata?: Metadata,
  ): Promise<orchestratorProto.SecurityAnalysisResponse> {
    const identity = this.identities.fromGrpc(metadata);
    return toAnalysisResponse(
      await this.getAnalysisService.execute(identity, request.analysisId ?? '', request.projectId || undefined),
    );
  }

  @GrpcMethod(SERVICE, 'CancelAnalysis')
  async cancelAnalysis(
    request: analysisInternalProto.GetAnalysisRequest,
    metadata?: Metadata,
  ): Promise<orchestratorProto.SecurityAnalysisResponse> {
    const identity = this.identities.fromGrpc(metadata);
    return toAnalysisResponse(
      await this.cancelAnalysisService.execute(identity, request.analysisId ?? '', request.projectId || undefined),
    );
  }
}
