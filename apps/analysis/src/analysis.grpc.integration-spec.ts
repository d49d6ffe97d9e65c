import { status as GrpcStatus } from '@grpc/grpc-js';
import { orchestratorProto } from '@so/contracts';
import { startHttpServer, waitFor, type TestHttpServer } from '@so/testing';
import { JobName, QueueName } from '@so/contracts';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  callMetadata,
  eventsOf,
  eventsUntil,
  expectGrpcError,
  grpcClients,
  silentTarget,
  startAnalysisTestService,
  unary,
  vulnerableTarget,
  type AnalysisTestService,
  type GrpcClients,
} from './__fixtures__/analysis-test-kit.js';

type Response = orchestratorProto.SecurityAnalysisResponse;
const { AnalysisStatus } = orchestratorProto;

const ORG = 'org-grpc';

describe('analysis service over gRPC', () => {
  let test: AnalysisTestService;
  let clients: GrpcClients;
  let target: TestHttpServer;
  let silent: TestHttpServer;
  /** Requests the silent target received, and when the engine dropped their connections. */
  let silentRequests = 0;
  const silentSocketsClosedAt: number[] = [];
  const silentSocketsOpen = () => silentRequests - silentSocketsClosedAt.length;

  const analyze = (
    request: Partial<orchestratorProto.SecurityAnalysisRequest>,
    org: string | null = ORG,
    correlationId?: string,
  ) =>
    unary<Response>(
      clients.orchestrator,
      'analyzeSecurity',
      { projectId: 'shop-api', ...request },
      callMetadata(org, correlationId),
    );
  const getAnalysis = (analysisId: string, org: string | null = ORG, projectId = '') =>
    unary<Response>(clients.query, 'getAnalysis', { analysisId, projectId }, callMetadata(org));
  const cancelAnalysis = (analysisId: string, org: string | null = ORG) =>
    unary<Response>(clients.query, 'cancelAnalysis', { analysisId }, callMetadata(org));

  beforeAll(async () => {
    target = await startHttpServer(vulnerableTarget);
    silent = await startHttpServer((req, res) => {
      silentRequests += 1;
      req.socket.once('close', () => silentSocketsClosedAt.push(Date.now()));
      silentTarget(req, res);
    });
    // One worker slot: a cancelled run that kept its slot would block every later analysis.
    test = await startAnalysisTestService({ ANALYSIS_WORKER_CONCURRENCY: '1' });
    clients = grpcClients(test.service.grpcUrl ?? '');
  });

  afterAll(async () => {
    clients?.close();
    await test?.close();
    await target?.close();
    await silent?.close();
  });

  it('answers the standard gRPC health check with SERVING', async () => {
    const overall = await unary<{ status: string }>(clients.health, 'Check', { service: '' }, callMetadata(null));
    expect(overall.status).toBe('SERVING');
    const named = await unary<{ status: string }>(
      clients.health,
      'Check',
      { service: 'security.orchestrator.SecurityOrchestratorService' },
      callMetadata(null),
    );
    expect(named.status).toBe('SERVING');
  });

  it('answers HealthCheck with SERVING and the state of its dependencies, without identity', async () => {
    const response = await unary<orchestratorProto.HealthCheckResponse>(
      clients.orchestrator,
      'healthCheck',
      { service: '' },
      callMetadata(null),
    );
    expect(response.status).toBe(orchestratorProto.HealthCheckResponse_ServingStatus.SERVING);
    expect(response.details).toEqual({ database: 'up', redis: 'up' });
  });

  it('starts an analysis without waiting, runs it to COMPLETED and publishes its events in order', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const started = await analyze({ targetUrl: target.url, waitForResult: false }, ORG, correlationId);
    expect(started.status).toBe(AnalysisStatus.PENDING);
    expect(started.projectId).toBe('shop-api');
    expect(started.analysisId).toMatch(/^[0-9a-f-]{36}$/);

    const done = await waitFor(async () => {
      const current = await getAnalysis(started.analysisId);
      return current.status === AnalysisStatus.COMPLETED ? current : undefined;
    }, 15_000);
    expect(done.findings.length).toBeGreaterThan(0);
    expect(
      done.findings.every((finding) => /^API\d+:2023$/.test(finding.owaspCategory) && finding.fingerprint.length > 0),
    ).toBe(true);
    expect(done.findings.map((finding) => finding.severity)).toEqual(
      expect.arrayContaining([expect.stringMatching(/critical|high|medium|low|info/)]),
    );
    expect(done.metrics?.totalFindings).toBe(done.findings.length);
    expect(done.metrics?.score).toBeLessThan(100);
    expect(done.completedAt).not.toBe('');
    expect(done.errorMessage).toBe('');

    const events = await eventsUntil(test.redis, started.analysisId, 'analysis.completed');
    const types = events.map((event) => event.type).filter((type) => type !== 'analysis.progress');
    expect(types[0]).toBe('analysis.started');
    expect(types.at(-1)).toBe('analysis.completed');
    expect(types.slice(1, -1)).toEqual(done.findings.map(() => 'finding.detected'));
    expect(
      events.every(
        (event) => event.orgId === ORG && event.projectId === 'shop-api' && event.correlationId === correlationId,
      ),
    ).toBe(true);
    const percents = events.flatMap((event) => (event.type === 'analysis.progress' ? [event.data.percent] : []));
    expect(percents.length).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const detected = events
      .filter((event) => event.type === 'finding.detected')
      .map((event) => (event.data as { findingId: string }).findingId);
    expect(new Set(detected)).toEqual(new Set(done.findings.map((finding) => finding.id)));
  });

  it('waits for the result when wait_for_result is not set', async () => {
    const response = await analyze({ targetUrl: target.url });
    expect(response.status).toBe(AnalysisStatus.COMPLETED);
    expect(response.findings.length).toBeGreaterThan(0);
  });

  it('does nothing when the job of a completed analysis runs again', async () => {
    const done = await analyze({ targetUrl: target.url });
    const before = await eventsUntil(test.redis, done.analysisId, 'analysis.completed');
    const connection = test.redis.duplicate();
    const queue = new Queue(QueueName.AnalysisRun, { connection });
    try {
      const job = await queue.add(
        JobName.AnalysisRun,
        { analysisId: done.analysisId, orgId: ORG, projectId: 'shop-api', correlationId: 'again' },
        { jobId: `${done.analysisId}-again` },
      );
      await waitFor(async () => (await job.getState()) === 'completed', 10_000);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const after = await getAnalysis(done.analysisId);
    expect(after.status).toBe(AnalysisStatus.COMPLETED);
    expect(after.findings.map((finding) => finding.id).sort()).toEqual(
      done.findings.map((finding) => finding.id).sort(),
    );
    // Give a wrongly emitted event time to reach the stream before counting.
    await sleep(300);
    expect(await eventsOf(test.redis, done.analysisId)).toHaveLength(before.length);
  });

  it('audits an OpenAPI document without a live target, and fails one it cannot read', async () => {
    const spec = [
      'openapi: 3.0.3',
      "info: {title: Shop, version: '1'}",
      'servers: [{url: "http://shop.example.com"}]',
      'paths:',
      '  /admin/users/{id}:',
      '    delete:',
      '      parameters: [{name: id, in: path, required: true, schema: {type: string}}]',
      "      responses: {'204': {description: gone}}",
    ].join('\n');
    const audited = await analyze({ openapiSpec: spec });
    expect(audited.status).toBe(AnalysisStatus.COMPLETED);
    expect(audited.findings.length).toBeGreaterThan(0);
    expect(audited.metrics?.operationsDeclared).toBe(1);

    const broken = await analyze({ openapiSpec: 'openapi: 3.0.3\npaths: {' });
    expect(broken.status).toBe(AnalysisStatus.FAILED);
    expect(broken.errorMessage).not.toBe('');
    expect(broken.errorMessage).not.toMatch(/errorId/);
  });

  it('answers before the caller’s deadline with the current state when the analysis takes longer', async () => {
    const before = Date.now();
    const response = await unary<Response>(
      clients.orchestrator,
      'analyzeSecurity',
      { projectId: 'shop-api', targetUrl: silent.url },
      callMetadata(ORG),
      1500,
    );
    expect(Date.now() - before).toBeLessThan(1500);
    expect([AnalysisStatus.PENDING, AnalysisStatus.IN_PROGRESS]).toContain(response.status);
    expect((await cancelAnalysis(response.analysisId)).status).toBe(AnalysisStatus.CANCELLED);
  });

  it('answers UNIMPLEMENTED for the RPCs this service does not serve yet', async () => {
    await expectGrpcError(
      unary(clients.orchestrator, 'createIntegration', { projectId: 'p', name: 'n', type: 'jira' }, callMetadata(ORG)),
      GrpcStatus.UNIMPLEMENTED,
    );
  });

  it('refuses calls without a valid identity with UNAUTHENTICATED', async () => {
    await expectGrpcError(analyze({ targetUrl: target.url, waitForResult: false }, null), GrpcStatus.UNAUTHENTICATED);
    await expectGrpcError(getAnalysis(randomUUID(), null), GrpcStatus.UNAUTHENTICATED);
    await expectGrpcError(cancelAnalysis(randomUUID(), null), GrpcStatus.UNAUTHENTICATED);
    const forged = callMetadata(ORG);
    forged.set('x-so-identity', `${String(forged.get('x-so-identity')[0]).split('.')[0]}.forged`);
    await expectGrpcError(
      unary(clients.query, 'getAnalysis', { analysisId: randomUUID() }, forged),
      GrpcStatus.UNAUTHENTICATED,
    );
  });

  it('answers NOT_FOUND for an unknown id and for another org’s analysis, INVALID_ARGUMENT for a malformed id', async () => {
    const notFound = await expectGrpcError(getAnalysis(randomUUID()), GrpcStatus.NOT_FOUND);
    expect(notFound.metadata.get('x-error-code')).toEqual(['ANALYSIS.NOT_FOUND']);
    const mine = await analyze({ targetUrl: target.url, waitForResult: false });
    await expectGrpcError(getAnalysis(mine.analysisId, 'other-org'), GrpcStatus.NOT_FOUND);
    await expectGrpcError(cancelAnalysis(mine.analysisId, 'other-org'), GrpcStatus.NOT_FOUND);
    await expectGrpcError(getAnalysis(mine.analysisId, ORG, 'another-project'), GrpcStatus.NOT_FOUND);
    const invalid = await expectGrpcError(getAnalysis('not-a-uuid'), GrpcStatus.INVALID_ARGUMENT);
    expect(invalid.metadata.get('x-error-code')).toEqual(['ANALYSIS.INVALID_ID']);
  });

  it('fails an analysis whose target the SSRF policy refuses, with a readable error_message', async () => {
    const response = await analyze({ targetUrl: 'http://127.0.0.2:9/' });
    expect(response.status).toBe(AnalysisStatus.FAILED);
    expect(response.errorMessage).toMatch(/not allowed.*TARGET_ALLOWLIST/);
    const types = (await eventsUntil(test.redis, response.analysisId, 'analysis.failed')).map((event) => event.type);
    expect(types).toContain('analysis.started');
    expect(types).not.toContain('analysis.completed');
  });

  it('cancels a running analysis: CANCELLED at once, the worker aborts its probes within a second', async () => {
    const started = await analyze({ targetUrl: silent.url, waitForResult: false });
    await waitFor(async () => (await getAnalysis(started.analysisId)).status === AnalysisStatus.IN_PROGRESS, 10_000);
    await waitFor(() => silentSocketsOpen() > 0, 5_000);
    const cancelledAt = Date.now();
    const cancelled = await cancelAnalysis(started.analysisId);
    expect(cancelled.status).toBe(AnalysisStatus.CANCELLED);
    await waitFor(() => silentSocketsClosedAt.some((at) => at >= cancelledAt), 1_500, 10);

    // The single worker slot is free again: a new analysis completes.
    const next = await analyze({ targetUrl: target.url });
    expect(next.status).toBe(AnalysisStatus.COMPLETED);

    expect((await getAnalysis(started.analysisId)).status).toBe(AnalysisStatus.CANCELLED);
    const types = (await eventsUntil(test.redis, started.analysisId, 'analysis.cancelled')).map((event) => event.type);
    expect(types).toContain('analysis.cancelled');
    expect(types).not.toContain('analysis.completed');
    expect(types).not.toContain('analysis.failed');
    // Cancelling again is a no-op; a finished analysis cannot be cancelled.
    expect((await cancelAnalysis(started.analysisId)).status).toBe(AnalysisStatus.CANCELLED);
    await expectGrpcError(cancelAnalysis(next.analysisId), GrpcStatus.FAILED_PRECONDITION);
  });
});
