import { status as GrpcStatus } from '@grpc/grpc-js';
import { JobName, orchestratorProto, QueueName, type analysisInternalProto } from '@so/contracts';
import { signIdentity } from '@so/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  callMetadata,
  eventsOf,
  expectGrpcError,
  grpcClients,
  identity,
  INTERNAL_TOKEN,
  startAnalysisTestService,
  unary,
  type AnalysisTestService,
  type GrpcClients,
} from './__fixtures__/analysis-test-kit.js';

type Outcome = analysisInternalProto.AnalysisStartOutcome;
type Response = orchestratorProto.SecurityAnalysisResponse;
const { AnalysisStatus } = orchestratorProto;

describe('StartAnalyses: the gateway’s coalesced starts', () => {
  let test: AnalysisTestService;
  let clients: GrpcClients;
  let queue: Queue;
  let queueConnection: Redis;

  const start = (orgId: string | null, request: Partial<orchestratorProto.SecurityAnalysisRequest>, correlationId = '') => ({
    request: { projectId: 'batch-api', targetUrl: 'http://127.0.0.1:9/', waitForResult: false, ...request },
    identity: orgId ? signIdentity(identity(orgId), INTERNAL_TOKEN) : '',
    correlationId,
  });
  const startAnalyses = async (starts: object[]) =>
    (await unary<{ outcomes: Outcome[] }>(clients.query, 'startAnalyses', { starts }, callMetadata('org-gateway'))).outcomes;
  const getAnalysis = (analysisId: string, orgId: string) =>
    unary<Response>(clients.query, 'getAnalysis', { analysisId }, callMetadata(orgId));

  beforeAll(async () => {
    // No worker: the analyses stay PENDING and their jobs stay on the queue, where the test reads them.
    test = await startAnalysisTestService({ ANALYSIS_WORKER_CONCURRENCY: '0' });
    clients = grpcClients(test.service.grpcUrl ?? '');
    queueConnection = test.redis.duplicate();
    queue = new Queue(QueueName.AnalysisRun, { connection: queueConnection });
  });

  afterAll(async () => {
    await queue?.close();
    // BullMQ leaves a connection it was given open.
    queueConnection?.disconnect();
    clients?.close();
    await test?.close();
  });

  it('starts each analysis in its own caller’s org, with its own correlation id, and queues a job for each', async () => {
    const correlations = [`corr-${randomUUID()}`, `corr-${randomUUID()}`, `corr-${randomUUID()}`];
    const outcomes = await startAnalyses([
      start('org-a', {}, correlations[0]),
      start('org-b', { projectId: 'other-api' }, correlations[1]),
      start('org-a', {}, correlations[2]),
    ]);

    expect(outcomes).toHaveLength(3);
    const analyses = outcomes.map((outcome) => outcome.analysis as Response);
    expect(outcomes.every((outcome) => outcome.refusal === undefined || outcome.refusal === null)).toBe(true);
    expect(analyses.map((analysis) => analysis.status)).toEqual([AnalysisStatus.PENDING, AnalysisStatus.PENDING, AnalysisStatus.PENDING]);
    expect(analyses.map((analysis) => analysis.projectId)).toEqual(['batch-api', 'other-api', 'batch-api']);
    expect(new Set(analyses.map((analysis) => analysis.analysisId)).size).toBe(3);

    const [first, second] = analyses as [Response, Response];
    expect((await getAnalysis(first.analysisId, 'org-a')).analysisId).toBe(first.analysisId);
    expect((await getAnalysis(second.analysisId, 'org-b')).analysisId).toBe(second.analysisId);
    // Coalesced with org-a's starts, org-b's analysis is still org-b's alone.
    await expectGrpcError(getAnalysis(second.analysisId, 'org-a'), GrpcStatus.NOT_FOUND);

    for (const [index, analysis] of analyses.entries()) {
      const job = await queue.getJob(analysis.analysisId);
      expect(job?.name).toBe(JobName.AnalysisRun);
      expect(job?.data).toMatchObject({ analysisId: analysis.analysisId, orgId: index === 1 ? 'org-b' : 'org-a' });
      const [started] = await eventsOf(test.redis, analysis.analysisId);
      expect(started).toMatchObject({ type: 'analysis.started', orgId: index === 1 ? 'org-b' : 'org-a', correlationId: correlations[index] });
    }
  });

  it('refuses only the starts a call of their own would refuse, with the same error', async () => {
    const forged = `${signIdentity(identity('org-a'), INTERNAL_TOKEN).split('.')[0]}.${'A'.repeat(43)}`;
    const outcomes = await startAnalyses([
      start('org-a', { targetUrl: 'ftp://nowhere/' }),
      { ...start('org-a', {}), identity: forged },
      start(null, {}),
      start('org-a', {}),
    ]);

    expect(outcomes).toHaveLength(4);
    const [invalid, forgedOutcome, anonymous, valid] = outcomes as [Outcome, Outcome, Outcome, Outcome];
    expect(invalid.analysis ?? undefined).toBeUndefined();
    expect(invalid.refusal).toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(invalid.refusal?.violations.map((violation) => violation.field)).toContain('target_url');
    expect(forgedOutcome.refusal).toMatchObject({ kind: 'UNAUTHENTICATED', code: 'AUTH.UNAUTHENTICATED' });
    expect(anonymous.refusal).toMatchObject({ kind: 'UNAUTHENTICATED', code: 'AUTH.UNAUTHENTICATED' });
    expect(valid.analysis?.status).toBe(AnalysisStatus.PENDING);
    expect(await queue.getJob(valid.analysis?.analysisId ?? '')).toBeDefined();
  });

  it('gives two starts with one idempotency key, in one call or in two, the same analysis', async () => {
    const key = `key-${randomUUID()}`;
    const together = await startAnalyses([start('org-a', { idempotencyKey: key }), start('org-a', { idempotencyKey: key })]);
    const ids = together.map((outcome) => outcome.analysis?.analysisId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);

    const [again, conflicting] = await startAnalyses([
      start('org-a', { idempotencyKey: key }),
      start('org-a', { idempotencyKey: key, targetUrl: 'http://127.0.0.1:10/' }),
    ]);
    expect(again?.analysis?.analysisId).toBe(ids[0]);
    expect(conflicting?.refusal).toMatchObject({ kind: 'ALREADY_EXISTS', code: 'ANALYSIS.IDEMPOTENCY_CONFLICT' });
  });

  it('refuses the whole call without an identity signed by the gateway', async () => {
    await expectGrpcError(
      unary(clients.query, 'startAnalyses', { starts: [start('org-a', {})] }, callMetadata(null)),
      GrpcStatus.UNAUTHENTICATED,
    );
  });
});
