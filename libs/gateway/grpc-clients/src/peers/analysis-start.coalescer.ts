import { analysisInternalProto, type orchestratorProto } from '@so/contracts';
import {
  correlationIdOrNew,
  DomainException,
  ERROR_KIND_MAPPING,
  identityRejected,
  MicroBatcher,
  UNIMPLEMENTED_CODE,
  type ErrorKind,
  type GrpcPeerClient,
  type PeerCallContext,
} from '@so/shared';

type Request = orchestratorProto.SecurityAnalysisRequest;
type Response = orchestratorProto.SecurityAnalysisResponse;

interface Start {
  request: Request;
  context: PeerCallContext;
}

type Settled = { response: Response } | { error: unknown };

/** Starts sent in one StartAnalyses call at most. */
const MAX_STARTS_PER_CALL = 50;
/**
 * Starts whose document is longer than this (in UTF-16 units) go alone: 50 of them stay well under
 * the 16 MB message limit even at 3 bytes per unit, and a big document gains nothing from company.
 */
export const MAX_COALESCED_SPEC_LENGTH = 64 * 1024;
/** After a peer said it has no StartAnalyses (an older release mid-upgrade), starts go alone this long. */
const UNSUPPORTED_RETRY_MS = 60_000;
/**
 * Starts waiting here at most (queued or in a call). A call moves up to 50 starts per round trip;
 * a peer that stalls would otherwise let a queue grow without bound, each start waiting behind the
 * others for calls that time out one after the other. Beyond it a start is refused at once as
 * UNAVAILABLE, which clients retry.
 */
export const MAX_WAITING_STARTS = 2_000;

/**
 * Coalesces concurrent no-wait starts into StartAnalyses calls. A lone start leaves at once, in a
 * call of its own; starts that arrive while a call is in flight leave together in the next one (a
 * second call overlaps the first only when a full batch is waiting), so under load the gateway
 * makes one internal call per batch instead of one per start, and the
 * analysis service runs one gRPC handler, one identity check per caller and one statement for them.
 * Each start keeps its own identity, correlation id and outcome: one refused start fails only its
 * own caller, with the error a call of its own would have brought back.
 */
export class AnalysisStartCoalescer {
  private readonly batcher = new MicroBatcher<Start, Settled>({
    run: (starts) => this.send(starts),
    maxBatchSize: MAX_STARTS_PER_CALL,
    // A second call leaves beside one in flight only with a full batch: measured on two cores, a
    // second call leaving with whatever arrived meanwhile made batches of about 14 and cost 7 % more
    // CPU per start across the platform than letting the starts gather behind the call in flight.
    maxInFlight: 2,
    overlapAt: MAX_STARTS_PER_CALL,
    collectSameTurn: false,
  });
  private unsupportedUntil = 0;
  private waiting = 0;

  constructor(
    private readonly peer: GrpcPeerClient,
    /** A start in a call of its own (AnalyzeSecurity), for the cases coalescing does not cover. */
    private readonly startAlone: (request: Request, context: PeerCallContext) => Promise<Response>,
  ) {}

  async start(request: Request, context: PeerCallContext): Promise<Response> {
    if (request.openapiSpec.length > MAX_COALESCED_SPEC_LENGTH || Date.now() < this.unsupportedUntil) {
      return this.startAlone(request, context);
    }
    if (this.waiting >= MAX_WAITING_STARTS) {
      throw new DomainException(
        'UNAVAILABLE',
        'UPSTREAM.BUSY',
        `the ${this.peer.name} service is busy; retry shortly`,
        [],
        1,
      );
    }
    this.waiting++;
    try {
      const settled = await this.batcher.add({ request, context });
      if ('error' in settled) throw settled.error;
      return settled.response;
    } finally {
      this.waiting--;
    }
  }

  /** Never rejects: the batcher would then repeat each start alone, which is not safe for every start. */
  private async send(starts: Start[]): Promise<Settled[]> {
    let response: analysisInternalProto.StartAnalysesResponse;
    try {
      response = await this.peer.unary(
        analysisInternalProto.AnalysisQueryServiceService.startAnalyses,
        {
          starts: starts.map(({ request, context }) => ({
            request: { ...request, waitForResult: false },
            identity: this.peer.signedIdentity(context.identity),
            correlationId: context.correlationId || correlationIdOrNew(),
          })),
        },
        // The call's own identity only has to admit the gateway; each start carries its caller's.
        (starts[0] as Start).context,
      );
    } catch (error) {
      return Promise.all(starts.map((start) => this.afterFailedCall(start, error)));
    }
    if (response.outcomes.length !== starts.length) {
      const error = new DomainException(
        'INTERNAL',
        'UPSTREAM.INTERNAL',
        `the ${this.peer.name} service answered ${response.outcomes.length} of ${starts.length} starts`,
      );
      return starts.map(() => ({ error }));
    }
    return response.outcomes.map((outcome) => this.settle(outcome));
  }

  /**
   * The call failed as a whole, so nothing says which of its starts were recorded. A peer without
   * StartAnalyses recorded none: each start goes alone. Otherwise only a start with an idempotency
   * key may be repeated (the repeat returns the same analysis) — alone, with the single call's
   * retries; the others fail as their own call would have.
   */
  private async afterFailedCall(start: Start, error: unknown): Promise<Settled> {
    const code = error instanceof DomainException ? error.code : undefined;
    const repeatable =
      code === UNIMPLEMENTED_CODE ||
      (start.request.idempotencyKey.length > 0 && error instanceof DomainException && error.kind === 'UNAVAILABLE');
    if (code === UNIMPLEMENTED_CODE) this.unsupportedUntil = Date.now() + UNSUPPORTED_RETRY_MS;
    if (!repeatable) return { error };
    try {
      return { response: await this.startAlone(start.request, start.context) };
    } catch (aloneError) {
      return { error: aloneError };
    }
  }

  private settle(outcome: analysisInternalProto.AnalysisStartOutcome): Settled {
    if (outcome.analysis) return { response: outcome.analysis };
    const refusal = outcome.refusal;
    const kind = refusal && refusal.kind in ERROR_KIND_MAPPING ? (refusal.kind as ErrorKind) : 'INTERNAL';
    if (kind === 'UNAUTHENTICATED') return { error: identityRejected(this.peer.name) };
    return {
      error: new DomainException(
        kind,
        refusal?.code || `UPSTREAM.${kind}`,
        refusal?.message || `the ${this.peer.name} service refused the start`,
        (refusal?.violations ?? []).map(({ field, description }) => ({ field, description })),
      ),
    };
  }
}
