import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AnalyzeSecurityService, CheckHealthService } from '@so/analysis-feature';
import { orchestratorProto } from '@so/contracts';
import { DomainException } from '@so/shared';
import { CallerIdentityResolver } from '../identity/caller-identity.resolver.js';
import { toAnalysisResponse, toStartAnalysisCommand } from './analysis.grpc-mapper.js';
import { GrpcCorrelationInterceptor } from './grpc-correlation.interceptor.js';
import { GrpcExceptionFilter } from './grpc-exception.filter.js';

type Implemented = Pick<orchestratorProto.SecurityOrchestratorServiceController, 'analyzeSecurity' | 'healthCheck'>;

const SERVICE = 'SecurityOrchestratorService';
/** Answer this long before the caller's deadline, so it gets the analysis id instead of DEADLINE_EXCEEDED. */
const DEADLINE_MARGIN_MS = 250;
/** Names HealthCheck answers for ('' = the whole server). */
const KNOWN_SERVICES = new Set([
  '',
  'security.orchestrator.SecurityOrchestratorService',
  'security.orchestrator.internal.AnalysisQueryService',
]);

/**
 * Public analysis RPCs. The streaming, batch and integration RPCs are not served yet (they come
 * with their own issue), so gRPC answers UNIMPLEMENTED for them.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCorrelationInterceptor)
export class SecurityOrchestratorGrpcController implements Implemented {
  constructor(
    private readonly identities: CallerIdentityResolver,
    private readonly analyzeSecurityService: AnalyzeSecurityService,
    private readonly checkHealth: CheckHealthService,
  ) {}

  @GrpcMethod(SERVICE, 'AnalyzeSecurity')
  async analyzeSecurity(
    request: orchestratorProto.SecurityAnalysisRequest,
    metadata?: Metadata,
    call?: ServerUnaryCall<orchestratorProto.SecurityAnalysisRequest, orchestratorProto.SecurityAnalysisResponse>,
  ): Promise<orchestratorProto.SecurityAnalysisResponse> {
    const identity = this.identities.fromGrpc(metadata);
    const hungUp = new AbortController();
    const onCancelled = () => hungUp.abort();
    call?.once('cancelled', onCancelled);
    const deadline = call ? Number(call.getDeadline()) : Infinity;
    try {
      const view = await this.analyzeSecurityService.execute(identity, toStartAnalysisCommand(request), {
        waitForResult: request.waitForResult !== false,
        answerBy: Number.isFinite(deadline) ? deadline - DEADLINE_MARGIN_MS : Infinity,
        signal: hungUp.signal,
      });
      return toAnalysisResponse(view);
    } finally {
      // grpc-js also reports 'cancelled' when the stream closes after the answer; nothing waits by then.
      call?.off('cancelled', onCancelled);
    }
  }

  /** Open without identity, like the standard health service: probes carry no credentials. */
  @GrpcMethod(SERVICE, 'HealthCheck')
  async healthCheck(request: orchestratorProto.HealthCheckRequest): Promise<orchestratorProto.HealthCheckResponse> {
    if (!KNOWN_SERVICES.has(request.service ?? '')) {
      throw new DomainException(
        'NOT_FOUND',
        'HEALTH.UNKNOWN_SERVICE',
        `unknown service ${JSON.stringify(request.service)}`,
      );
    }
    const report = await this.checkHealth.execute();
    return {
      status: report.healthy
        ? orchestratorProto.HealthCheckResponse_ServingStatus.SERVING
        : orchestratorProto.HealthCheckResponse_ServingStatus.NOT_SERVING,
      details: report.details,
    };
  }
}
