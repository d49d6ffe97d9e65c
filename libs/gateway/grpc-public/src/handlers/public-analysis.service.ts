import { orchestratorProto } from '@so/contracts';
import type { AnalysisGrpcClient, PeerCallContext } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';
import type { AnalysisFollower } from '../analysis/analysis-follower.js';
import { validateAnalysisRequest } from '../validation/public-request.validator.js';
import type { Decoded } from '../validation/wire-checked-decoder.js';
import type { Emit } from './call-runners.js';
import type { PublicCall } from './public-call.js';
import { requireDecoded } from './public-call.js';

type Request = orchestratorProto.SecurityAnalysisRequest;
type Response = orchestratorProto.SecurityAnalysisResponse;
type ProgressEvent = orchestratorProto.AnalysisProgressEvent;
const { AnalysisStatus } = orchestratorProto;

/** Most requests one batch or bidirectional stream may carry. */
export const MAX_ANALYSES_PER_STREAM = 100;

/**
 * The analysis RPCs of the public API. Analyses are always started without waiting on the analysis
 * service; waiting (unary with `wait_for_result` unset or true, the streams, the batch) happens
 * here, by following the analysis (AnalysisFollower) until it ends or the call is cancelled or
 * expires. A cancelled call stops following; it does not cancel the analysis.
 */
export class PublicAnalysisService {
  constructor(
    private readonly analysis: AnalysisGrpcClient,
    private readonly follower: AnalysisFollower,
  ) {}

  async analyze(decoded: Decoded<Request>, call: PublicCall): Promise<Response> {
    const request = requireDecoded(decoded);
    validateAnalysisRequest(request);
    const started = await this.start(request, call.context);
    if (request.waitForResult === false) return started;
    return this.follower.follow(started, call.context, { signal: call.signal });
  }

  async stream(decoded: Decoded<Request>, call: PublicCall, emit: Emit<ProgressEvent>): Promise<void> {
    const request = requireDecoded(decoded);
    validateAnalysisRequest(request);
    const started = await this.start(request, call.context);
    await this.follower.follow(started, call.context, { signal: call.signal, onProgress: emit });
  }

  /** Reads every request first and validates them all, so an invalid one starts nothing. */
  async batch(requests: AsyncIterable<Decoded<Request>>, call: PublicCall): Promise<orchestratorProto.BatchAnalysisResponse> {
    const all: Request[] = [];
    for await (const decoded of requests) {
      const index = all.length;
      if (index >= MAX_ANALYSES_PER_STREAM) throw tooMany();
      all.push(withPrefix(index, () => requireDecoded(decoded)));
      withPrefix(index, () => validateAnalysisRequest(all[index] as Request));
    }
    if (all.length === 0) {
      throw new DomainException('INVALID_ARGUMENT', 'REQUEST.VALIDATION_FAILED', 'the batch is empty', [
        { field: 'requests', description: 'send at least one request' },
      ]);
    }
    // Together: they leave in one or two internal calls (AnalysisStartCoalescer) instead of one each.
    const started = await Promise.all(all.map((request) => this.start(request, call.context)));
    const analyses = await Promise.all(
      started.map((response, index) =>
        all[index]?.waitForResult === false ? response : this.follower.follow(response, call.context, { signal: call.signal }),
      ),
    );
    return {
      analyses,
      total: analyses.length,
      completed: analyses.filter((a) => a.status === AnalysisStatus.COMPLETED).length,
      failed: analyses.filter((a) => a.status === AnalysisStatus.FAILED).length,
    };
  }

  /** Each request starts an analysis at once; the stream ends when the client half-closed and every analysis ended. */
  async bidirectional(requests: AsyncIterable<Decoded<Request>>, call: PublicCall, emit: Emit<ProgressEvent>): Promise<void> {
    const running: Promise<unknown>[] = [];
    let failure: unknown;
    for await (const decoded of requests) {
      if (failure !== undefined) break;
      const index = running.length;
      if (index >= MAX_ANALYSES_PER_STREAM) throw tooMany();
      const request = withPrefix(index, () => requireDecoded(decoded));
      withPrefix(index, () => validateAnalysisRequest(request));
      const started = await this.start(request, call.context);
      running.push(
        this.follower.follow(started, call.context, { signal: call.signal, onProgress: emit }).catch((error: unknown) => {
          failure ??= error;
        }),
      );
    }
    await Promise.all(running);
    if (failure !== undefined) throw failure;
  }

  private start(request: Request, context: PeerCallContext): Promise<Response> {
    return this.analysis.analyzeSecurity({ ...request, waitForResult: false }, context);
  }
}

function tooMany(): DomainException {
  return new DomainException('INVALID_ARGUMENT', 'REQUEST.TOO_MANY', `at most ${MAX_ANALYSES_PER_STREAM} requests per stream`, [
    { field: 'requests', description: `must carry at most ${MAX_ANALYSES_PER_STREAM} requests` },
  ]);
}

/** Names violations of the i-th streamed request `requests[i].<field>`. */
function withPrefix<T>(index: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainException && error.violations.length > 0) {
      throw new DomainException(
        error.kind,
        error.code,
        `request ${index} of the stream is invalid`,
        error.violations.map((v) => ({ field: `requests[${index}].${v.field}`, description: v.description })),
      );
    }
    throw error;
  }
}
