import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { orchestratorProto } from '@so/contracts';
import { GrpcPeerClient, isDomainException, type CallerIdentity } from '@so/shared';
import { RealtimeException } from '../realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import type { StartAnalysisPayload, StartedAnalysis } from './start-analysis.schema.js';

const analyzeSecurity = orchestratorProto.SecurityOrchestratorServiceService.analyzeSecurity;

/**
 * Starts analyses for socket clients through the analysis service's `AnalyzeSecurity` (without waiting
 * for the result), as the gateway does for REST and gRPC callers: the caller's verified identity rides
 * signed in the metadata, and the analysis service validates the request and owns idempotency.
 */
@Injectable()
export class AnalysisStarter implements OnApplicationShutdown {
  private readonly peer: GrpcPeerClient;

  constructor(@Inject(REALTIME_OPTIONS) options: RealtimeOptions) {
    this.peer = new GrpcPeerClient({
      name: 'analysis',
      address: options.analysisGrpcUrl,
      internalToken: options.internalToken,
      deadlineMs: options.startDeadlineMs,
    });
  }

  async start(
    identity: CallerIdentity,
    payload: StartAnalysisPayload,
    correlationId: string,
  ): Promise<StartedAnalysis> {
    const request: orchestratorProto.SecurityAnalysisRequest = {
      projectId: payload.projectId,
      targetUrl: payload.targetUrl ?? '',
      openapiSpec: payload.openapiSpec ?? '',
      idempotencyKey: payload.idempotencyKey ?? '',
      waitForResult: false,
      config: payload.config
        ? {
            deepScan: payload.config.deepScan ?? false,
            maxDepth: payload.config.maxDepth ?? 0,
            vulnerabilityTypes: payload.config.vulnerabilityTypes ?? [],
            enableAiAnalysis: payload.config.enableAiAnalysis ?? false,
            timeoutSeconds: payload.config.timeoutSeconds ?? 0,
          }
        : undefined,
    };
    // Not retried: one attempt within the deadline, so a socket client hears back as soon as the
    // analysis service cannot be reached and decides itself whether to send the start again.
    const response = await this.peer
      .unary(analyzeSecurity, request, { identity, correlationId })
      .catch((error: unknown) => {
        throw refusal(error);
      });
    return {
      analysisId: response.analysisId,
      projectId: response.projectId,
      status: orchestratorProto.AnalysisStatus[response.status] ?? 'PENDING',
    };
  }

  onApplicationShutdown(): void {
    this.peer.close();
  }
}

/**
 * The analysis service's deliberate answers (invalid input, idempotency conflicts) reach the client
 * with their message; transport trouble does not (the peer client already logged it): its details name
 * internal addresses.
 */
function refusal(error: unknown): RealtimeException {
  // The peer client rejects with DomainExceptions only (it maps gRPC statuses itself).
  if (!isDomainException(error)) return unreachable();
  switch (error.kind) {
    case 'INVALID_ARGUMENT': {
      const problems = error.violations.map((violation) => `${violation.field} ${violation.description}`);
      return new RealtimeException('INVALID_PAYLOAD', problems.length > 0 ? problems.join('; ') : error.message);
    }
    case 'ALREADY_EXISTS':
    case 'FAILED_PRECONDITION':
    case 'NOT_FOUND':
      return new RealtimeException('REJECTED', error.message);
    case 'PERMISSION_DENIED':
      return new RealtimeException('FORBIDDEN', error.message);
    case 'RATE_LIMITED':
      return new RealtimeException('RATE_LIMITED', error.message);
    default:
      return unreachable();
  }
}

function unreachable(): RealtimeException {
  return new RealtimeException('UNAVAILABLE', 'the analysis service is not reachable right now: try again shortly');
}
