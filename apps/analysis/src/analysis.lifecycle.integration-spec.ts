import { orchestratorProto } from '@so/contracts';
import { ConfigValidationError } from '@so/shared';
import {
  createTestDatabase,
  freePort,
  leaseTestRedis,
  startHttpServer,
  waitFor,
  type TestDatabase,
  type TestHttpServer,
  type TestRedisLease,
} from '@so/testing';
import { Redis } from 'ioredis';
import { bootstrapAnalysisService } from './bootstrap.js';
import {
  callMetadata,
  eventsUntil,
  grpcClients,
  INTERNAL_TOKEN,
  silentTarget,
  unary,
  vulnerableTarget,
} from './__fixtures__/analysis-test-kit.js';

type Response = orchestratorProto.SecurityAnalysisResponse;
const { AnalysisStatus } = orchestratorProto;
const ORG = 'org-lifecycle';

describe('analysis service lifecycle', () => {
  let database: TestDatabase;
  let redisLease: TestRedisLease;
  let redis: Redis;
  let target: TestHttpServer;
  let silent: TestHttpServer;
  let silentRequests = 0;

  async function boot(extraEnv: NodeJS.ProcessEnv = {}) {
    const service = await bootstrapAnalysisService({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: redisLease.url,
      INTERNAL_TOKEN,
      TARGET_ALLOWLIST: '127.0.0.1',
      ANALYSIS_WORKER_CONCURRENCY: '1',
      ...extraEnv,
    });
    const clients = grpcClients(service.grpcUrl ?? '');
    const analyze = (request: Partial<orchestratorProto.SecurityAnalysisRequest>) =>
      unary<Response>(clients.orchestrator, 'analyzeSecurity', { projectId: 'life', ...request }, callMetadata(ORG));
    const get = (analysisId: string) =>
      unary<Response>(clients.query, 'getAnalysis', { analysisId }, callMetadata(ORG));
    const close = async () => {
      clients.close();
      await service.close();
    };
    return { service, clients, analyze, get, close };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redisLease = await leaseTestRedis();
    redis = new Redis(redisLease.url);
    target = await startHttpServer(vulnerableTarget);
    silent = await startHttpServer((req, res) => {
      silentRequests += 1;
      silentTarget(req, res);
    });
  });

  afterAll(async () => {
    redis?.disconnect();
    await redisLease?.release();
    await target?.close();
    await silent?.close();
    await database?.drop();
  });

  it('refuses a bad configuration with one line per variable, before connecting to anything', async () => {
    const error = await bootstrapAnalysisService({
      ANALYSIS_WORKER_CONCURRENCY: 'lots',
      ANALYSIS_ENGINE: 'fast',
      GRPC_PORT: '0',
      DATABASE_URL: 'mysql://nope',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as ConfigValidationError).message;
    for (const variable of ['ANALYSIS_WORKER_CONCURRENCY', 'ANALYSIS_ENGINE', 'GRPC_PORT', 'DATABASE_URL'])
      expect(message).toContain(variable);
  });

  it('with ANALYSIS_ENGINE=noop runs the whole pipeline without touching the target', async () => {
    const app = await boot({ ANALYSIS_ENGINE: 'noop' });
    try {
      const before = silentRequests;
      const response = await app.analyze({ targetUrl: silent.url });
      expect(response.status).toBe(AnalysisStatus.COMPLETED);
      expect(response.findings).toEqual([]);
      expect(response.metrics?.score).toBe(100);
      expect(silentRequests).toBe(before);
    } finally {
      await app.close();
    }
  });

  it('fails an analysis that exceeds timeout_seconds', async () => {
    const app = await boot();
    try {
      const config = {
        deepScan: false,
        maxDepth: 0,
        vulnerabilityTypes: [],
        enableAiAnalysis: false,
        timeoutSeconds: 1,
      };
      const response = await app.analyze({ targetUrl: silent.url, config });
      expect(response.status).toBe(AnalysisStatus.FAILED);
      expect(response.errorMessage).toMatch(/time limit of 1 s/);
    } finally {
      await app.close();
    }
  });

  it('puts a running analysis back in the queue at shutdown, and the next start finishes it', async () => {
    const first = await boot();
    const started = await first.analyze({ targetUrl: silent.url, waitForResult: false });
    await waitFor(async () => (await first.get(started.analysisId)).status === AnalysisStatus.IN_PROGRESS, 10_000);
    const requestsBefore = silentRequests;
    const closing = Date.now();
    await first.close();
    expect(Date.now() - closing).toBeLessThan(3000);

    const second = await boot();
    try {
      // The job runs again (the target sees new requests) and can be cancelled as usual.
      await waitFor(() => silentRequests > requestsBefore, 10_000);
      expect((await second.get(started.analysisId)).status).toBe(AnalysisStatus.IN_PROGRESS);
      const cancelled = await unary<Response>(
        second.clients.query,
        'cancelAnalysis',
        { analysisId: started.analysisId },
        callMetadata(ORG),
      );
      expect(cancelled.status).toBe(AnalysisStatus.CANCELLED);
      const next = await second.analyze({ targetUrl: target.url });
      expect(next.status).toBe(AnalysisStatus.COMPLETED);
      const types = (await eventsUntil(redis, started.analysisId, 'analysis.cancelled')).map((event) => event.type);
      expect(types.filter((type) => type === 'analysis.started')).toHaveLength(1);
      expect(types).not.toContain('analysis.failed');
    } finally {
      await second.close();
    }
  });
});
