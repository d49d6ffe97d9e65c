import { status as GrpcStatus } from '@grpc/grpc-js';
import { orchestratorProto } from '@so/contracts';
import { startHttpServer, type TestHttpServer } from '@so/testing';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import {
  callMetadata,
  eventsUntil,
  expectGrpcError,
  grpcClients,
  startAnalysisTestService,
  unary,
  vulnerableTarget,
  type AnalysisTestService,
  type GrpcClients,
} from './__fixtures__/analysis-test-kit.js';

type Response = orchestratorProto.SecurityAnalysisResponse;
const { AnalysisStatus } = orchestratorProto;

const ORG = 'org-start';

describe('analysis service - starting analyses', () => {
  let test: AnalysisTestService;
  let clients: GrpcClients;
  let target: TestHttpServer;

  const analyze = (request: Partial<orchestratorProto.SecurityAnalysisRequest>) =>
    unary<Response>(clients.orchestrator, 'analyzeSecurity', { projectId: 'shop-api', ...request }, callMetadata(ORG));

  beforeAll(async () => {
    target = await startHttpServer(vulnerableTarget);
    test = await startAnalysisTestService();
    clients = grpcClients(test.service.grpcUrl ?? '');
  });

  afterAll(async () => {
    clients?.close();
    await test?.close();
    await target?.close();
  });

  it('rejects a target that is not http(s), a missing target and bad config with INVALID_ARGUMENT listing each problem', async () => {
    const ftp = await expectGrpcError(analyze({ targetUrl: 'ftp://127.0.0.1/files' }), GrpcStatus.INVALID_ARGUMENT);
    expect(ftp.details).toContain('target_url');
    await expectGrpcError(analyze({ targetUrl: 'not a url' }), GrpcStatus.INVALID_ARGUMENT);
    await expectGrpcError(analyze({ targetUrl: '' }), GrpcStatus.INVALID_ARGUMENT);
    const many = await expectGrpcError(
      analyze({
        projectId: 'Bad Key!',
        targetUrl: target.url,
        config: { deepScan: false, maxDepth: 99, vulnerabilityTypes: [], enableAiAnalysis: false, timeoutSeconds: -1 },
      }),
      GrpcStatus.INVALID_ARGUMENT,
    );
    const violations = JSON.parse(String(many.metadata.get('x-error-violations')[0])) as Array<{ field: string }>;
    expect(violations.map((violation) => violation.field).sort()).toEqual([
      'config.max_depth',
      'config.timeout_seconds',
      'project_id',
    ]);
  });

  it('returns the same analysis for a repeated idempotency key and refuses the key for a different request', async () => {
    const key = `key-${randomUUID()}`;
    const first = await analyze({ targetUrl: target.url, waitForResult: false, idempotencyKey: key });
    const again = await analyze({ targetUrl: target.url, waitForResult: false, idempotencyKey: key });
    expect(again.analysisId).toBe(first.analysisId);
    const done = await analyze({ targetUrl: target.url, idempotencyKey: key });
    expect(done.analysisId).toBe(first.analysisId);
    expect(done.status).toBe(AnalysisStatus.COMPLETED);
    const replayed = await analyze({ targetUrl: target.url, waitForResult: false, idempotencyKey: key });
    expect(replayed.findings.map((finding) => finding.id).sort()).toEqual(
      done.findings.map((finding) => finding.id).sort(),
    );
    await expectGrpcError(
      analyze({ targetUrl: `${target.url}/other`, waitForResult: false, idempotencyKey: key }),
      GrpcStatus.ALREADY_EXISTS,
    );
    const events = await eventsUntil(test.redis, first.analysisId, 'analysis.completed');
    const started = events.filter((event) => event.type === 'analysis.started');
    expect(started).toHaveLength(1);
  });
  it('creates a new project once when many analyses for it start at the same moment', async () => {
    const projectId = `burst-${randomUUID().slice(0, 8)}`;
    const started = await Promise.all(
      Array.from({ length: 12 }, () => analyze({ projectId, targetUrl: target.url, waitForResult: false })),
    );
    expect(new Set(started.map((response) => response.analysisId)).size).toBe(12);
    expect(
      started.every((response) => response.projectId === projectId && response.status === AnalysisStatus.PENDING),
    ).toBe(true);
    const db = new pg.Client({ connectionString: test.database.url });
    await db.connect();
    try {
      const projects = await db.query('SELECT count(*)::int AS count FROM analysis.projects WHERE key = $1', [
        projectId,
      ]);
      expect(projects.rows[0]).toEqual({ count: 1 });
    } finally {
      await db.end();
    }
  });

  it('returns one analysis for concurrent starts with the same idempotency key', async () => {
    const key = `race-${randomUUID()}`;
    const started = await Promise.all(
      Array.from({ length: 8 }, () => analyze({ targetUrl: target.url, waitForResult: false, idempotencyKey: key })),
    );
    expect(new Set(started.map((response) => response.analysisId)).size).toBe(1);
  });
});
