import { Client, credentials, type ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { orchestratorProto } from '@so/contracts';
import { CORRELATION_HEADER, fromGrpcError, internalCallMetadata, type CallerIdentity, type DomainException } from '@so/shared';
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
  private readonly logger = new Logger(AnalysisStarter.name);
  private readonly client: Client;

  constructor(@Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions) {
    this.client = new Client(options.analysisGrpcUrl, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.keepalive_permit_without_calls': 1,
    });
  }

  start(identity: CallerIdentity, payload: StartAnalysisPayload, correlationId: string): Promise<StartedAnalysis> {
    const metadata = internalCallMetadata(identity, this.options.internalToken);
    metadata.set(CORRELATION_HEADER, correlationId);
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
    return new Promise<StartedAnalysis>((resolve, reject) => {
      this.client.makeUnaryRequest(
        analyzeSecurity.path,
        analyzeSecurity.requestSerialize,
        analyzeSecurity.responseDeserialize,
        request,
        metadata,
        { deadline: Date.now() + this.options.startDeadlineMs },
        (error, response) => {
          if (error || !response) return reject(this.refusal(error));
          resolve({
            analysisId: response.analysisId,
            projectId: response.projectId,
            status: orchestratorProto.AnalysisStatus[response.status] ?? 'PENDING',
          });
        },
      );
    });
  }

  onApplicationShutdown(): void {
    this.client.close();
  }

  /**
   * The analysis service's deliberate answers (invalid input, idempotency conflicts) reach the client
   * with their message; transport trouble does not: its details name internal addresses.
   */
  private refusal(error: ServiceError | null): RealtimeException {
    const mapped: DomainException = fromGrpcError(error);
    switch (mapped.kind) {
      case 'INVALID_ARGUMENT': {
        const problems = mapped.violations.map((violation) => `${violation.field} ${violation.description}`);
        return new RealtimeException('INVALID_PAYLOAD', problems.length > 0 ? problems.join('; ') : mapped.message);
      }
      case 'ALREADY_EXISTS':
      case 'FAILED_PRECONDITION':
      case 'NOT_FOUND':
        return new RealtimeException('REJECTED', mapped.message);
      case 'PERMISSION_DENIED':
        return new RealtimeException('FORBIDDEN', mapped.message);
      case 'RATE_LIMITED':
        return new RealtimeException('RATE_LIMITED', mapped.message);
      default:
        this.logger.warn({ grpcCode: error?.code, details: error?.details }, 'analysis service did not start an analysis');
        return new RealtimeException('UNAVAILABLE', 'the analysis service is not reachable right now: try again shortly');
    }
  }
}
