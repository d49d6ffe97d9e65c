import { describe, expect, it } from '@jest/globals';
import type { analysisInternalProto, orchestratorProto } from '@so/contracts';
import { DomainException, UNIMPLEMENTED_CODE, type GrpcPeerClient } from '@so/shared';
import { AnalysisStartCoalescer, MAX_COALESCED_SPEC_LENGTH, MAX_WAITING_STARTS } from './analysis-start.coalescer.js';

type Request = orchestratorProto.SecurityAnalysisRequest;
type Response = orchestratorProto.SecurityAnalysisResponse;
type StartAnalysesRequest = analysisInternalProto.StartAnalysesRequest;
type Outcome = analysisInternalProto.AnalysisStartOutcome;

const context = {
  identity: { orgId: 'org-1', principalId: 'key-1', scopes: ['analyses:write'] },
  correlationId: 'corr-1',
};
const request = (over: Partial<Request> = {}): Request => ({
  projectId: 'shop',
  targetUrl: 'http://127.0.0.1:9/',
  openapiSpec: '',
  idempotencyKey: '',
  waitForResult: false,
  ...over,
});
const pending = (id: string): Response =>
  ({ analysisId: id, projectId: 'shop', status: 0, findings: [], errorMessage: '' }) as unknown as Response;

/**
 * The peer the coalescer talks to, answering StartAnalyses with `answer` (or failing with `failure`)
 * and recording every call; `startAlone` records the starts that went in a call of their own.
 */
function harness(answer: (starts: StartAnalysesRequest['starts']) => Outcome[], failure?: () => unknown, callMs = 5) {
  const calls: StartAnalysesRequest[] = [];
  const alone: Request[] = [];
  const peer = {
    name: 'analysis',
    signedIdentity: (identity: { orgId: string }) => `token-of-${identity.orgId}`,
    unary: async (_method: unknown, message: StartAnalysesRequest) => {
      calls.push(message);
      await new Promise((resolve) => setTimeout(resolve, callMs));
      const error = failure?.();
      if (error) throw error;
      return { outcomes: answer(message.starts) };
    },
  } as unknown as GrpcPeerClient;
  const coalescer = new AnalysisStartCoalescer(peer, async (req) => {
    alone.push(req);
    return pending(`alone-${alone.length}`);
  });
  return { coalescer, calls, alone };
}

const accepted = (starts: StartAnalysesRequest['starts']): Outcome[] =>
  starts.map((_, index) => ({ analysis: pending(`batched-${index}`) }));

describe(AnalysisStartCoalescer.name, () => {
  it('sends a lone start at once, and the starts that arrive meanwhile together in one call', async () => {
    const { coalescer, calls, alone } = harness(accepted);
    const lone = coalescer.start(request(), context);
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    const later = Array.from({ length: 20 }, () => coalescer.start(request(), context));
    const results = await Promise.all([lone, ...later]);
    expect(results).toHaveLength(21);
    expect(alone).toHaveLength(0);
    // Twenty waiting is not a full batch: they wait for the call in flight instead of a second one.
    expect(calls.map((call) => call.starts.length)).toEqual([1, 20]);
    const [first] = calls[0]?.starts ?? [];
    expect(first).toEqual({ request: request(), identity: 'token-of-org-1', correlationId: 'corr-1' });
  });

  it('opens a second call beside one in flight only for a full batch', async () => {
    const { coalescer, calls } = harness(accepted);
    const lone = coalescer.start(request(), context);
    await Promise.resolve();
    const later = Array.from({ length: 60 }, () => coalescer.start(request(), context));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((call) => call.starts.length)).toEqual([1, 50]);
    await Promise.all([lone, ...later]);
    expect(calls.map((call) => call.starts.length)).toEqual([1, 50, 10]);
  });

  it('fails only the refused start, with the error its own call would have brought back', async () => {
    const { coalescer } = harness((starts) =>
      starts.map((start, index) =>
        start.request?.projectId === 'bad'
          ? {
              refusal: {
                kind: 'INVALID_ARGUMENT',
                code: 'ANALYSIS.INVALID_REQUEST',
                message: 'invalid',
                violations: [{ field: 'target_url', description: 'must be http' }],
              },
            }
          : { analysis: pending(`batched-${index}`) },
      ),
    );
    const [good, bad] = await Promise.allSettled([
      coalescer.start(request(), context),
      coalescer.start(request({ projectId: 'bad' }), context),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as DomainException;
    expect(error).toBeInstanceOf(DomainException);
    expect({ kind: error.kind, code: error.code, violations: error.violations }).toEqual({
      kind: 'INVALID_ARGUMENT',
      code: 'ANALYSIS.INVALID_REQUEST',
      violations: [{ field: 'target_url', description: 'must be http' }],
    });
  });

  it('turns a start refused for its identity into the gateway’s trouble, not the caller’s', async () => {
    const { coalescer } = harness((starts) =>
      starts.map(() => ({
        refusal: { kind: 'UNAUTHENTICATED', code: 'AUTH.UNAUTHENTICATED', message: 'no', violations: [] },
      })),
    );
    await expect(coalescer.start(request(), context)).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      code: 'UPSTREAM.IDENTITY_REJECTED',
    });
  });

  it('repeats alone only the starts with an idempotency key when the call failed as a whole', async () => {
    const unavailable = new DomainException('UNAVAILABLE', 'UPSTREAM.UNAVAILABLE', 'down');
    const { coalescer, alone } = harness(accepted, () => unavailable);
    const [keyed, unkeyed] = await Promise.allSettled([
      coalescer.start(request({ idempotencyKey: 'k-1' }), context),
      coalescer.start(request(), context),
    ]);
    expect(keyed).toEqual({ status: 'fulfilled', value: pending('alone-1') });
    expect(unkeyed).toEqual({ status: 'rejected', reason: unavailable });
    expect(alone.map((req) => req.idempotencyKey)).toEqual(['k-1']);
  });

  it('never repeats a start without a key after a call that may have reached the peer', async () => {
    const expired = new DomainException('DEADLINE_EXCEEDED', 'UPSTREAM.TIMEOUT', 'slow');
    const { coalescer, alone } = harness(accepted, () => expired);
    await expect(coalescer.start(request({ idempotencyKey: 'k-1' }), context)).rejects.toBe(expired);
    await expect(coalescer.start(request(), context)).rejects.toBe(expired);
    expect(alone).toHaveLength(0);
  });

  it('sends every start alone to a peer without StartAnalyses, and stops asking it for a while', async () => {
    const { coalescer, calls, alone } = harness(
      accepted,
      () => new DomainException('INTERNAL', UNIMPLEMENTED_CODE, 'no such method'),
    );
    await expect(coalescer.start(request(), context)).resolves.toEqual(pending('alone-1'));
    await expect(coalescer.start(request(), context)).resolves.toEqual(pending('alone-2'));
    expect(calls).toHaveLength(1);
    expect(alone).toHaveLength(2);
  });

  it('sends a start with a large document alone', async () => {
    const { coalescer, calls, alone } = harness(accepted);
    await coalescer.start(request({ openapiSpec: 'x'.repeat(MAX_COALESCED_SPEC_LENGTH + 1) }), context);
    expect(calls).toHaveLength(0);
    expect(alone).toHaveLength(1);
  });

  it('refuses a start at once as UNAVAILABLE while too many wait on a slow peer, and takes starts again once they left', async () => {
    const { coalescer } = harness(accepted, undefined, 50);
    const waiting = Array.from({ length: MAX_WAITING_STARTS }, () => coalescer.start(request(), context));
    await expect(coalescer.start(request(), context)).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      code: 'UPSTREAM.BUSY',
      retryAfterSeconds: 1,
    });
    await Promise.all(waiting);
    await expect(coalescer.start(request(), context)).resolves.toBeDefined();
  });

  it('fails every start of a call whose answer does not hold one outcome per start', async () => {
    const { coalescer } = harness(() => []);
    await expect(coalescer.start(request(), context)).rejects.toMatchObject({ kind: 'INTERNAL' });
  });
});
