import { credentials, loadPackageDefinition, Metadata, status, type ClientDuplexStream, type ClientReadableStream, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { createTestDatabase, leaseTestRedis, startHttpServer, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import { randomUUID } from 'node:crypto';
import protobuf from 'protobufjs';
import { CreateOrgWithApiKeyUseCase, gatewayDataSourceOptions } from '@so/gateway-identity';
import { DataSource } from 'typeorm';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';
import { PROTO_DIR, expectServiceError, type DynamicClient, healthClient, keyMetadata, publicClient, richStatus, unary } from '../support/grpc-public-client.js';

interface AnalysisResponse {
  analysisId: string;
  projectId: string;
  status: string;
  findings: Array<{ ruleId: string }>;
}
interface ProgressEvent {
  analysisId: string;
  status: string;
  stage: string;
}
const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

function collect<T>(call: ClientReadableStream<T> | ClientDuplexStream<unknown, T>): Promise<T[]> {
  const events: T[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (event: T) => events.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(events));
  });
}

describe('Gateway public gRPC API (clients from the proto only)', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  let slowTarget: TestHttpServer;
  let client: ReturnType<typeof publicClient>;
  /** The key of a second org, created the way onboarding creates orgs. */
  let otherOrgKey: string;
  const md = (extra: Record<string, string> = {}): Metadata => keyMetadata(platform.apiKey, extra);
  const request = (overrides: object = {}) => ({ projectId: 'grpc-e2e', targetUrl: `${target.url}/`, ...overrides });

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await startHttpServer((_req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    slowTarget = await startHttpServer((_req, res) => {
      // Unreferenced: a reply still pending when the suite ends must not keep the jest worker alive.
      setTimeout(() => res.end('{"ok":true}'), 2_000).unref();
    });
    // GetIntegrationStatus answers are kept far longer than any test here: a status change has to
    // reach the gateway as its integration.status_changed event to be seen.
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url, env: { GRPC_INTEGRATION_STATUS_CACHE_MS: '60000' } });
    client = publicClient(platform.gatewayGrpc);
    const identity = await new DataSource(gatewayDataSourceOptions(database.url, 1)).initialize();
    try {
      otherOrgKey = (await new CreateOrgWithApiKeyUseCase(identity).execute({ orgName: 'other-org' })).apiKey.key;
    } finally {
      await identity.destroy();
    }
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await platform?.close();
    await target?.close();
    await slowTarget?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('AnalyzeSecurity - wait_for_result=false answers at once with the id and PENDING, echoing the correlation id and the quota', async () => {
    const correlationId = `grpc-e2e-${randomUUID()}`;
    let headers: Metadata | undefined;
    const response = await new Promise<AnalysisResponse>((resolve, reject) => {
      const call = client.AnalyzeSecurity(request({ waitForResult: false }), md({ 'x-correlation-id': correlationId }), (error: ServiceError | null, value: AnalysisResponse) =>
        error ? reject(error) : resolve(value),
      ) as ClientReadableStream<never>;
      call.on('metadata', (metadata: Metadata) => (headers = metadata));
    });
    expect(response.analysisId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.status).toBe('PENDING');
    expect(headers?.get('x-correlation-id')).toEqual([correlationId]);
    expect(Number(headers?.get('ratelimit-limit')[0])).toBeGreaterThan(0);
    expect(Number(headers?.get('ratelimit-remaining')[0])).toBeLessThan(Number(headers?.get('ratelimit-limit')[0]));
    expect(headers?.get('ratelimit-reset')).toHaveLength(1);
  });

  it('AnalyzeSecurity - a call refused after its key was accepted still tells the quota', async () => {
    const key = `grpc-e2e-${randomUUID()}`;
    await unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ waitForResult: false, idempotencyKey: key }), md());
    let headers: Metadata | undefined;
    const refused = await new Promise<ServiceError>((resolve, reject) => {
      const call = client.AnalyzeSecurity(
        request({ waitForResult: false, idempotencyKey: key, targetUrl: `${slowTarget.url}/` }),
        md(),
        (error: ServiceError | null) => (error ? resolve(error) : reject(new Error('a conflicting idempotency key was accepted'))),
      ) as ClientReadableStream<never>;
      call.on('metadata', (metadata: Metadata) => (headers = metadata));
    });
    expect(refused.code).toBe(status.ALREADY_EXISTS);
    expect(headers?.get('ratelimit-remaining')).toHaveLength(1);
  });

  it('AnalyzeSecurity - concurrent no-wait starts of two orgs each land in their caller’s org; a refused one fails alone', async () => {
    // Starts that arrive together reach the analysis service together (one internal call): nothing
    // of one caller may leak into another's answer, and one refusal must not fail its neighbours.
    const key = `grpc-e2e-${randomUUID()}`;
    await unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ waitForResult: false, idempotencyKey: key }), md());
    const callers = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? platform.apiKey : otherOrgKey));
    const [conflict, ...starts] = await Promise.allSettled([
      unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ waitForResult: false, idempotencyKey: key, targetUrl: `${slowTarget.url}/` }), md()),
      ...callers.map((apiKey, index) =>
        unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ projectId: `burst-${index % 2}`, waitForResult: false }), keyMetadata(apiKey)),
      ),
    ]);
    expect(conflict?.status).toBe('rejected');
    const refused = (conflict as PromiseRejectedResult).reason as ServiceError;
    expect(refused.code).toBe(status.ALREADY_EXISTS);
    expect(richStatus(refused)?.details).toContainEqual({ type: 'google.rpc.ErrorInfo', value: expect.objectContaining({ reason: 'ANALYSIS.IDEMPOTENCY_CONFLICT' }) });

    expect(starts.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
    const analyses = starts.map((result) => (result as PromiseFulfilledResult<AnalysisResponse>).value);
    expect(analyses.every((analysis) => analysis.status === 'PENDING')).toBe(true);
    expect(new Set(analyses.map((analysis) => analysis.analysisId)).size).toBe(callers.length);
    expect(analyses.map((analysis) => analysis.projectId)).toEqual(callers.map((_, index) => `burst-${index % 2}`));
    const queries = publicClient(platform.gatewayGrpc, undefined, {}, 'SecurityAnalysisQueryService');
    try {
      for (const [index, analysis] of analyses.entries()) {
        const own = callers[index] as string;
        const other = own === platform.apiKey ? otherOrgKey : platform.apiKey;
        const read = await unary<AnalysisResponse>(queries, 'GetAnalysis', { analysisId: analysis.analysisId }, keyMetadata(own));
        expect(read.projectId).toBe(analysis.projectId);
        const hidden = await expectServiceError(unary(queries, 'GetAnalysis', { analysisId: analysis.analysisId }, keyMetadata(other)));
        expect(hidden.code).toBe(status.NOT_FOUND);
      }
    } finally {
      queries.close();
    }
  }, 60_000);

  it('AnalyzeSecurity - waits for the terminal status when wait_for_result is unset', async () => {
    const response = await unary<AnalysisResponse>(client, 'AnalyzeSecurity', request(), md(), 60_000);
    expect(response.status).toBe('COMPLETED');
    expect(response.findings.length).toBeGreaterThan(0);
  }, 70_000);

  it('AnalyzeSecurityStream - streams from PENDING to a terminal status, then ends', async () => {
    const events = await collect<ProgressEvent>(client.AnalyzeSecurityStream(request(), md(), { deadline: Date.now() + 60_000 }) as ClientReadableStream<ProgressEvent>);
    expect(events[0]?.status).toBe('PENDING');
    expect(TERMINAL).toContain(events.at(-1)?.status);
    expect(events.at(-1)?.status).toBe('COMPLETED');
    expect(new Set(events.map((e) => e.analysisId)).size).toBe(1);
  }, 70_000);

  it('AnalyzeSecurityBatch - many requests in, one summary of all analyses out', async () => {
    const summary = await new Promise<{ total: number; completed: number; analyses: AnalysisResponse[] }>((resolve, reject) => {
      const call: ClientWritableStream<object> = client.AnalyzeSecurityBatch(md(), { deadline: Date.now() + 60_000 }, (error: ServiceError | null, value: never) =>
        error ? reject(error) : resolve(value),
      ) as ClientWritableStream<object>;
      for (const project of ['batch-a', 'batch-b', 'batch-c']) call.write(request({ projectId: project }));
      call.end();
    });
    expect(summary.total).toBe(3);
    expect(summary.completed).toBe(3);
    expect(summary.analyses.map((a) => a.projectId).sort()).toEqual(['batch-a', 'batch-b', 'batch-c']);
  }, 70_000);

  it('AnalyzeSecurityBidirectional - progress of every analysis interleaves; half-close lets them finish, then the stream ends', async () => {
    const call: ClientDuplexStream<object, ProgressEvent> = client.AnalyzeSecurityBidirectional(md(), { deadline: Date.now() + 60_000 }) as ClientDuplexStream<object, ProgressEvent>;
    const done = collect<ProgressEvent>(call);
    call.write(request({ projectId: 'bidi-a' }));
    call.write(request({ projectId: 'bidi-b' }));
    call.end();
    const events = await done;
    const ids = [...new Set(events.map((e) => e.analysisId))];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(events.filter((e) => e.analysisId === id).at(-1)?.status).toBe('COMPLETED');
  }, 70_000);

  it('AnalyzeSecurityStream - cancelling mid-stream ends the call with CANCELLED and leaves the gateway serving', async () => {
    const call: ClientReadableStream<ProgressEvent> = client.AnalyzeSecurityStream(request({ targetUrl: `${slowTarget.url}/` }), md()) as ClientReadableStream<ProgressEvent>;
    const first = await new Promise<ProgressEvent>((resolve) => call.once('data', resolve));
    const ended = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    call.cancel();
    expect((await ended).code).toBe(status.CANCELLED);
    expect(first.status).toBe('PENDING');
    // The analysis itself is not cancelled (documented choice): it is still visible and not CANCELLED.
    const rest = await fetch(`${platform.gatewayUrl}/api/v1/projects/grpc-e2e/analysis/${first.analysisId}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { status: string }).status).not.toBe('CANCELLED');
    await expect(unary(client, 'HealthCheck', {}, md())).resolves.toMatchObject({ status: 'SERVING' });
  }, 30_000);

  it('AnalyzeSecurity - an expired deadline ends the waiting call with DEADLINE_EXCEEDED on time', async () => {
    const started = Date.now();
    const error = await expectServiceError(unary(client, 'AnalyzeSecurity', request({ targetUrl: `${slowTarget.url}/` }), md(), 800));
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('Auth - a missing or unknown API key is UNAUTHENTICATED', async () => {
    const missing = await expectServiceError(unary(client, 'AnalyzeSecurity', request({ waitForResult: false }), new Metadata()));
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    expect(richStatus(missing)?.details).toContainEqual({ type: 'google.rpc.ErrorInfo', value: expect.objectContaining({ reason: 'AUTH.MISSING_CREDENTIALS' }) });
    const unknown = await expectServiceError(unary(client, 'GetIntegrationStatus', { integrationId: randomUUID() }, keyMetadata(`so_live_${'x'.repeat(32)}`)));
    expect(unknown.code).toBe(status.UNAUTHENTICATED);
  });

  it('Validation - an invalid URL is INVALID_ARGUMENT with the field in google.rpc.BadRequest', async () => {
    const error = await expectServiceError(unary(client, 'AnalyzeSecurity', request({ targetUrl: 'ftp://nowhere', waitForResult: false }), md()));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    const badRequest = richStatus(error)?.details.find((d) => d.type === 'google.rpc.BadRequest');
    expect(badRequest?.value.fieldViolations).toEqual([expect.objectContaining({ field: 'target_url' })]);
  });

  it('Validation - a wrong-typed field on the wire is INVALID_ARGUMENT naming the field', async () => {
    // A peer whose copy of the proto declares target_url as int64: the bytes carry a varint where a string belongs.
    const wrong = protobuf.parse('syntax="proto3"; message R { string project_id = 1; int64 target_url = 2; }', { keepCase: true }).root.lookupType('R');
    const error = await expectServiceError(
      new Promise((resolve, reject) =>
        client.makeUnaryRequest(
          '/security.orchestrator.SecurityOrchestratorService/AnalyzeSecurity',
          (value: object) => Buffer.from(wrong.encode(wrong.fromObject(value)).finish()),
          (bytes: Buffer) => bytes,
          { project_id: 'grpc-e2e', target_url: 42 },
          md(),
          (err, value) => (err ? reject(err) : resolve(value)),
        ),
      ),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    const badRequest = richStatus(error)?.details.find((d) => d.type === 'google.rpc.BadRequest');
    expect(badRequest?.value.fieldViolations).toEqual([expect.objectContaining({ field: 'target_url', description: expect.stringContaining('wrong type') })]);
  });

  it('Integrations - CreateIntegration then GetIntegrationStatus; an unknown id is NOT_FOUND', async () => {
    const created = await unary<{ integrationId: string; status: string }>(
      client,
      'CreateIntegration',
      { projectId: 'grpc-e2e', name: 'ci hook', type: 'generic_http', config: { url: `${target.url}/hook` } },
      md(),
    );
    expect(created.integrationId).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await unary<{ integrationId: string }>(client, 'GetIntegrationStatus', { integrationId: created.integrationId }, md());
    expect(fetched.integrationId).toBe(created.integrationId);
    const missing = await expectServiceError(unary(client, 'GetIntegrationStatus', { integrationId: randomUUID() }, md()));
    expect(missing.code).toBe(status.NOT_FOUND);
  });

  it('Integrations - a status change made by the integration service is seen through GetIntegrationStatus at once, not when the cached answer expires', async () => {
    const created = await unary<{ integrationId: string; status: string }>(
      client,
      'CreateIntegration',
      { projectId: 'grpc-e2e-status', name: 'status hook', type: 'generic_http', config: { url: `${target.url}/hook` } },
      md(),
    );
    const read = () => unary<{ status: string }>(client, 'GetIntegrationStatus', { integrationId: created.integrationId }, md());
    expect(await read()).toMatchObject({ status: 'INACTIVE' });
    // A completed analysis of the project is pushed to the integration: INACTIVE → CONNECTING → ACTIVE.
    await unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ projectId: 'grpc-e2e-status' }), md(), 30_000);
    const deadline = Date.now() + 30_000;
    let seen = 'INACTIVE';
    while (seen !== 'ACTIVE' && Date.now() < deadline) {
      seen = (await read()).status;
      if (seen !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toBe('ACTIVE');
  }, 60_000);

  it('SecurityAnalysisQueryService - GetAnalysis follows a no-wait analysis to its end; CancelAnalysis stops one; bad and unknown ids are refused', async () => {
    const queries = publicClient(platform.gatewayGrpc, undefined, {}, 'SecurityAnalysisQueryService');
    try {
      const started = await unary<AnalysisResponse>(client, 'AnalyzeSecurity', request({ waitForResult: false }), md());
      let current = await unary<AnalysisResponse>(queries, 'GetAnalysis', { analysisId: started.analysisId }, md());
      expect(current.analysisId).toBe(started.analysisId);
      for (let attempt = 0; attempt < 300 && !TERMINAL.includes(current.status); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        current = await unary<AnalysisResponse>(queries, 'GetAnalysis', { analysisId: started.analysisId }, md());
      }
      expect(current.status).toBe('COMPLETED');
      expect(current.findings.length).toBeGreaterThan(0);

      const slow = await unary<AnalysisResponse>(client, 'AnalyzeSecurity', { projectId: 'grpc-e2e', targetUrl: `${slowTarget.url}/`, waitForResult: false }, md());
      const cancelled = await unary<AnalysisResponse>(queries, 'CancelAnalysis', { analysisId: slow.analysisId }, md());
      expect(cancelled.status).toBe('CANCELLED');

      const unknown = await expectServiceError(unary(queries, 'GetAnalysis', { analysisId: randomUUID() }, md()));
      expect(unknown.code).toBe(status.NOT_FOUND);
      const malformed = await expectServiceError(unary(queries, 'GetAnalysis', { analysisId: 'analysis-1' }, md()));
      expect(malformed.code).toBe(status.INVALID_ARGUMENT);
      const badRequest = richStatus(malformed)?.details.find((d) => d.type === 'google.rpc.BadRequest');
      expect(badRequest?.value.fieldViolations).toEqual([expect.objectContaining({ field: 'analysis_id' })]);
      const noKey = await expectServiceError(unary(queries, 'GetAnalysis', { analysisId: started.analysisId }, new Metadata()));
      expect(noKey.code).toBe(status.UNAUTHENTICATED);
    } finally {
      queries.close();
    }
  }, 60_000);

  it('Health - grpc.health.v1 Check and Watch answer SERVING; HealthCheck details each backing service', async () => {
    const health = healthClient(platform.gatewayGrpc);
    try {
      await expect(unary(health, 'Check', { service: '' }, new Metadata())).resolves.toEqual({ status: 'SERVING' });
      const watch = health.Watch({ service: 'security.orchestrator.SecurityOrchestratorService' }) as ClientReadableStream<unknown>;
      const first = await new Promise((resolve) => watch.once('data', resolve));
      watch.on('error', () => undefined);
      watch.cancel();
      expect(first).toEqual({ status: 'SERVING' });
    } finally {
      health.close();
    }
    const response = await unary<{ status: string; details: Record<string, string> }>(client, 'HealthCheck', {}, new Metadata());
    expect(response).toEqual({ status: 'SERVING', details: { analysis: 'SERVING', integration: 'SERVING' } });
  });

  it('Reflection - lists the public service, so grpcurl works without the proto', async () => {
    const file = join(PROTO_DIR, '..', 'node_modules', '@grpc', 'reflection', 'build', 'proto', 'grpc', 'reflection', 'v1alpha', 'reflection.proto');
    const pkg = loadPackageDefinition(loadSync(file)) as unknown as {
      grpc: { reflection: { v1alpha: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => DynamicClient } } };
    };
    const reflection = new pkg.grpc.reflection.v1alpha.ServerReflection(platform.gatewayGrpc, credentials.createInsecure());
    try {
      const call = reflection.ServerReflectionInfo() as ClientDuplexStream<object, { listServicesResponse?: { service: Array<{ name: string }> } }>;
      const answer = new Promise<{ listServicesResponse?: { service: Array<{ name: string }> } }>((resolve, reject) => {
        call.once('data', resolve);
        call.once('error', reject);
      });
      call.write({ listServices: '' });
      const names = (await answer).listServicesResponse?.service.map((s) => s.name);
      call.end();
      expect(names).toContain('security.orchestrator.SecurityOrchestratorService');
      expect(names).toContain('security.orchestrator.SecurityAnalysisQueryService');
    } finally {
      reflection.close();
    }
  });
});
