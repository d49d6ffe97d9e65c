import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';
import { idempotencyKeyField } from '../common/request-fields.js';
import { violationsOf } from '../common/zod-validation.pipe.js';
import { toAcceptedAnalysisView, type AcceptedAnalysisView } from './analysis.view.js';
import type { AnalyzeSecurityRequest } from './analyze-security.request.js';

/** Starts an analysis on the analysis service and answers at once (the client polls or subscribes). */
@Injectable()
export class StartAnalysisUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(
    body: AnalyzeSecurityRequest,
    idempotencyHeader: string | undefined,
    caller: AuthenticatedCaller,
  ): Promise<AcceptedAnalysisView> {
    const idempotencyKey = resolveIdempotencyKey(body.idempotencyKey, idempotencyHeader);
    const config = body.config;
    const response = await this.analysis.analyzeSecurity(
      {
        projectId: body.projectId,
        targetUrl: body.targetUrl ?? '',
        openapiSpec: body.openapiSpec ?? '',
        // Unset fields go as proto3 zero values, which the analysis service reads as "use the default".
        config: config && {
          deepScan: config.deepScan ?? false,
          maxDepth: config.maxDepth ?? 0,
          vulnerabilityTypes: config.vulnerabilityTypes ?? [],
          enableAiAnalysis: config.enableAiAnalysis ?? false,
          timeoutSeconds: config.timeoutSeconds ?? 0,
        },
        waitForResult: false,
        idempotencyKey: idempotencyKey ?? '',
      },
      caller,
    );
    return toAcceptedAnalysisView(response);
  }
}

/** The key may come in the body or the `Idempotency-Key` header; both at once must agree. */
function resolveIdempotencyKey(fromBody: string | undefined, fromHeader: string | undefined): string | undefined {
  if (fromHeader === undefined) return fromBody;
  const parsed = idempotencyKeyField().safeParse(fromHeader);
  if (!parsed.success) {
    throw new DomainException(
      'INVALID_ARGUMENT',
      'REQUEST.VALIDATION_FAILED',
      'the request is invalid',
      violationsOf(parsed.error, 'Idempotency-Key'),
    );
  }
  if (fromBody !== undefined && fromBody !== parsed.data) {
    throw new DomainException('INVALID_ARGUMENT', 'REQUEST.VALIDATION_FAILED', 'the request is invalid', [
      { field: 'idempotencyKey', description: 'differs from the Idempotency-Key header' },
    ]);
  }
  return parsed.data;
}
