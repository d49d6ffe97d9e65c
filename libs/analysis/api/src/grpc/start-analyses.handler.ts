import { Injectable, Logger } from '@nestjs/common';
import { StartAnalysisService } from '@so/analysis-feature';
import type { analysisInternalProto, orchestratorProto } from '@so/contracts';
import { isDomainException, runWithCorrelation, toGrpcStatus } from '@so/shared';
import { CallerIdentityResolver } from '../identity/caller-identity.resolver.js';
import { toAnalysisResponse, toStartAnalysisCommand } from './analysis.grpc-mapper.js';

type AnalysisStart = analysisInternalProto.AnalysisStart;
type Outcome = analysisInternalProto.AnalysisStartOutcome;

/** A start sent without its request is validated (and refused) like an empty one. */
const NO_REQUEST: orchestratorProto.SecurityAnalysisRequest = { projectId: '', targetUrl: '', openapiSpec: '', idempotencyKey: '' };

/**
 * The starts of one StartAnalyses call, each as its own AnalyzeSecurity without waiting would be:
 * its own identity check, correlation id and outcome. They run together, so the analysis rows of
 * the call reach Postgres in one statement and their jobs reach Redis in one add
 * (StartAnalysisService batches both).
 */
@Injectable()
export class StartAnalysesHandler {
  private readonly logger = new Logger(StartAnalysesHandler.name);

  constructor(
    private readonly identities: CallerIdentityResolver,
    private readonly startAnalysis: StartAnalysisService,
  ) {}

  execute(starts: AnalysisStart[]): Promise<Outcome[]> {
    return Promise.all(starts.map((start) => this.startOne(start)));
  }

  private startOne(start: AnalysisStart): Promise<Outcome> {
    return runWithCorrelation(start.correlationId, async () => {
      try {
        const identity = this.identities.fromToken(start.identity);
        const view = await this.startAnalysis.execute(identity, toStartAnalysisCommand(start.request ?? NO_REQUEST));
        return { analysis: toAnalysisResponse(view) };
      } catch (error) {
        return { refusal: this.toRefusal(error) };
      }
    });
  }

  /** What the single call's exception filter would have answered, minus the transport. */
  private toRefusal(error: unknown): analysisInternalProto.StartRefusal {
    if (isDomainException(error)) {
      return { kind: error.kind, code: error.code, message: error.message, violations: error.violations };
    }
    // The same errorId wording and logging as a call of its own (GrpcExceptionFilter).
    const status = toGrpcStatus(error, (errorId, cause) =>
      this.logger.error({
        msg: 'unhandled error starting an analysis',
        errorId,
        err: cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : String(cause),
      }),
    );
    return { kind: 'INTERNAL', code: 'INTERNAL', message: status.details ?? 'internal error', violations: [] };
  }
}
