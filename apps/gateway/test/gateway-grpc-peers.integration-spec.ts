import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { orchestratorProto } from '@so/contracts';
import { DomainException } from '@so/shared';
import { analysisResponse } from './testing/grpc-peer-double.js';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

const ANALYSIS_ID = '3f1c2a9e-8a7b-4c1d-9e2f-0a1b2c3d4e5f';

/** REST → gRPC mapping against a real grpc-js server standing in for the analysis and webhook services. */
describe('Gateway gRPC peers', () => {
  let harness: GatewayHarness;
  let key: string;
  let org: { orgId: string; keyId: string };

  beforeAll(async () => {
    harness = await startGatewayHarness({ GRPC_DEADLINE_MS: '2000' });
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    const created = await harness.createOrg();
    key = created.apiKey.key;
    org = { orgId: created.org.id, keyId: created.apiKey.id };
    harness.peer.calls.length = 0;
    harness.peer.handlers = {};
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${key}`,
        ...headers,
      },
    });

  it('Analysis - start answers 202 with Location, and the peer gets a verifiable identity and the correlation id', async () => {
    harness.peer.handlers.analyzeSecurity = (request) =>
      analysisResponse({
        analysisId: ANALYSIS_ID,
        projectId: request.projectId,
        status: orchestratorProto.AnalysisStatus.PENDING,
      });

    const response = await call(
      'POST',
      '/api/v1/analyze/security',
      {
        projectId: 'shop-api',
        targetUrl: 'https://api.shop.test',
        config: { deepScan: true, vulnerabilityTypes: ['API1:2023'] },
      },
      { 'idempotency-key': 'build-42', 'x-correlation-id': 'corr-123' },
    );

    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`);
    expect(await response.json()).toEqual({
      analysisId: ANALYSIS_ID,
      projectId: 'shop-api',
      status: 'PENDING',
      links: {
        self: `/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`,
        cancel: `/api/v1/analyses/${ANALYSIS_ID}/cancel`,
      },
    });
    expect(harness.peer.calls).toHaveLength(1);
    const [recorded] = harness.peer.calls;
    expect(recorded.identity).toEqual({ orgId: org.orgId, principalId: org.keyId, scopes: ['*'] });
    expect(recorded.correlationId).toBe('corr-123');
    expect(recorded.metadata.get('authorization')).toEqual([]);
    expect(recorded.request).toMatchObject({
      projectId: 'shop-api',
      targetUrl: 'https://api.shop.test',
      waitForResult: false,
      idempotencyKey: 'build-42',
      config: { deepScan: true, vulnerabilityTypes: ['API1:2023'], maxDepth: 0 },
    });
  });

  it('Analysis - a peer INVALID_ARGUMENT comes back as 400 with its violations', async () => {
    harness.peer.handlers.analyzeSecurity = () => {
      throw new DomainException('INVALID_ARGUMENT', 'ANALYSIS.INVALID_SPEC', 'the OpenAPI document is invalid', [
        { field: 'openapiSpec', description: 'not OpenAPI 2 or 3' },
      ]);
    };
    const response = await call('POST', '/api/v1/analyze/security', { projectId: 'shop-api', openapiSpec: 'nonsense' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'ANALYSIS.INVALID_SPEC',
      detail: 'the OpenAPI document is invalid',
      errors: [{ field: 'openapiSpec', description: 'not OpenAPI 2 or 3' }],
    });
  });

  it('Analysis - get maps the proto to camelCase JSON', async () => {
    harness.peer.handlers.getAnalysis = (request) =>
      analysisResponse({
        analysisId: request.analysisId,
        projectId: request.projectId,
        status: orchestratorProto.AnalysisStatus.COMPLETED,
        createdAt: '2026-11-27T10:00:00.000Z',
        completedAt: '2026-11-27T10:01:00.000Z',
        findings: [
          {
            id: 'f-1',
            category: 'API2:2023',
            severity: 'HIGH',
            description: 'No authentication on GET /users',
            location: 'GET /users',
            recommendation: 'Require authentication',
            cweId: 'CWE-306',
            owaspCategory: 'API2:2023 Broken Authentication',
            title: 'Unauthenticated endpoint',
            ruleId: 'auth.missing',
            evidence: '',
            fingerprint: 'abc',
          },
        ],
        metrics: {
          totalFindings: 1,
          critical: 0,
          high: 1,
          medium: 0,
          low: 0,
          info: 0,
          operationsDeclared: 3,
          operationsCovered: 3,
          score: 72.5,
          durationMs: 1234,
        },
      });

    const response = await call('GET', `/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      analysisId: ANALYSIS_ID,
      projectId: 'shop-api',
      status: 'COMPLETED',
      errorMessage: null,
      completedAt: '2026-11-27T10:01:00.000Z',
      metrics: { totalFindings: 1, high: 1, score: 72.5, durationMs: 1234 },
      findings: [
        {
          id: 'f-1',
          cweId: 'CWE-306',
          owaspCategory: 'API2:2023 Broken Authentication',
          ruleId: 'auth.missing',
          evidence: null,
        },
      ],
    });
    expect(harness.peer.calls[0].request).toEqual({ analysisId: ANALYSIS_ID, projectId: 'shop-api' });
  });

  it('Analysis - an unknown analysis is 404 problem+json', async () => {
    harness.peer.handlers.getAnalysis = () => {
      throw new DomainException('NOT_FOUND', 'ANALYSIS.NOT_FOUND', 'analysis not found');
    };
    const response = await call('GET', `/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'ANALYSIS.NOT_FOUND', status: 404 });
  });

  it('Analysis - a read is retried when the peer is briefly UNAVAILABLE', async () => {
    let attempts = 0;
    harness.peer.handlers.getAnalysis = (request) => {
      attempts++;
      if (attempts === 1)
        throw Object.assign(new Error('warming up'), { code: status.UNAVAILABLE, details: 'warming up' });
      return analysisResponse({ analysisId: request.analysisId, projectId: request.projectId });
    };
    const response = await call('GET', `/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`);
    expect(response.status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('Analysis - cancel calls CancelAnalysis', async () => {
    harness.peer.handlers.cancelAnalysis = (request) =>
      analysisResponse({
        analysisId: request.analysisId,
        projectId: 'shop-api',
        status: orchestratorProto.AnalysisStatus.CANCELLED,
      });
    const response = await call('POST', `/api/v1/analyses/${ANALYSIS_ID}/cancel`, undefined, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ analysisId: ANALYSIS_ID, status: 'CANCELLED' });
    expect(harness.peer.calls.map((c) => c.method)).toEqual(['cancelAnalysis']);
  });

  it('Webhooks - create answers 201 with the one-time secret; list and delete go to WebhookAdminService', async () => {
    const endpoint = {
      id: 'ep_1',
      url: 'https://hooks.partner.test/so',
      eventTypes: ['analysis.completed'],
      description: '',
      enabled: true,
      projectId: 'shop-api',
      createdAt: '2026-11-27T10:00:00.000Z',
    };
    harness.peer.handlers.createEndpoint = () => ({ endpoint, secret: 'whsec_c2VjcmV0' });
    harness.peer.handlers.listEndpoints = () => ({ endpoints: [endpoint] });
    harness.peer.handlers.deleteEndpoint = (request) => ({ deleted: request.id === 'ep_1' });

    const created = await call('POST', '/api/v1/webhooks/endpoints', {
      url: endpoint.url,
      eventTypes: ['analysis.completed'],
      projectId: 'shop-api',
    });
    expect(created.status).toBe(201);
    // Proto3 leaves unset options empty; the public view says null / {} / the default scheme instead.
    const view = {
      ...endpoint,
      description: null,
      disabledReason: null,
      filter: null,
      headers: {},
      publicKey: null,
      rateLimitPerSecond: null,
      signingScheme: 'hmac',
      ordered: false,
    };
    expect(await created.json()).toEqual({ ...view, secret: 'whsec_c2VjcmV0' });

    const listed = await call('GET', '/api/v1/webhooks/endpoints?projectId=shop-api');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ items: [view] });

    expect((await call('DELETE', '/api/v1/webhooks/endpoints/ep_1')).status).toBe(204);
    const missing = await call('DELETE', '/api/v1/webhooks/endpoints/ep_2');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'WEBHOOK.ENDPOINT_NOT_FOUND' });
    expect(harness.peer.calls.map((c) => c.method)).toEqual([
      'createEndpoint',
      'listEndpoints',
      'deleteEndpoint',
      'deleteEndpoint',
    ]);
    expect(harness.peer.calls[0].request).toEqual({
      url: endpoint.url,
      eventTypes: ['analysis.completed'],
      description: '',
      projectId: 'shop-api',
      // Options left out of the request go as the proto defaults (the service applies its own).
      options: { filterJson: '', headers: {}, publicKey: '', rateLimitPerSecond: 0, signingScheme: 'hmac', ordered: false },
    });
  });

  it('Integrations - create answers 201 with Location; status reads GetIntegrationStatus', async () => {
    const integrationId = '6a0b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d';
    harness.peer.handlers.createIntegration = () => ({
      integrationId,
      status: orchestratorProto.IntegrationStatus.CONNECTING,
      message: '',
      lastCheckedAt: '',
    });
    harness.peer.handlers.getIntegrationStatus = (request) => ({
      integrationId: request.integrationId,
      status: orchestratorProto.IntegrationStatus.ACTIVE,
      message: 'connected',
      lastCheckedAt: '2026-11-27T10:00:00.000Z',
    });

    const created = await call('POST', '/api/v1/integrations/external', {
      projectId: 'shop-api',
      name: 'Tickets',
      type: 'jira',
      config: { baseUrl: 'https://jira.example.test' },
      credentials: { token: 't0k3n' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/integrations/${integrationId}/status`);
    expect(await created.json()).toEqual({
      integrationId,
      status: 'CONNECTING',
      message: null,
      lastCheckedAt: null,
      links: { status: `/api/v1/integrations/${integrationId}/status` },
    });
    expect(harness.peer.calls[0].request).toEqual({
      projectId: 'shop-api',
      name: 'Tickets',
      type: 'jira',
      config: { baseUrl: 'https://jira.example.test' },
      credentials: { token: 't0k3n' },
    });

    const status = await call('GET', `/api/v1/integrations/${integrationId}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ status: 'ACTIVE', message: 'connected' });

    const invalid = await call('POST', '/api/v1/integrations/external', {
      projectId: 'shop-api',
      name: 'x',
      type: 'fax',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: [{ field: 'type' }] });
  });

  it('Webhooks - an unknown event type is refused at the edge', async () => {
    const response = await call('POST', '/api/v1/webhooks/endpoints', {
      url: 'https://hooks.partner.test',
      eventTypes: ['analysis.exploded'],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'eventTypes.0' }] });
    expect(harness.peer.calls).toHaveLength(0);
  });
});

describe('Gateway gRPC peers - peer down', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness({ GRPC_DEADLINE_MS: '1500' });
    await harness.peer.close();
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('Analysis - an unreachable analysis service is 503 problem+json without internal addresses', async () => {
    const { apiKey } = await harness.createOrg();
    const started = Date.now();
    const response = await fetch(`${harness.url}/api/v1/projects/shop-api/analysis/${ANALYSIS_ID}`, {
      headers: { 'x-api-key': apiKey.key },
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'UPSTREAM.UNAVAILABLE', status: 503 });
    expect(text).not.toContain('127.0.0.1');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('Health - readiness is 503 and names the failed dependencies', async () => {
    const response = await fetch(`${harness.url}/health/ready`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { status: string; details: Record<string, { status: string }> };
    expect(report.status).toBe('error');
    expect(report.details.database.status).toBe('up');
    expect(report.details.redis.status).toBe('up');
    expect(report.details['analysis-grpc'].status).toBe('down');
    expect(report.details['notification-http'].status).toBe('down');
    expect(report.details['analysis-graphql'].status).toBe('up');
    const summary = await fetch(`${harness.url}/api/v1/health`);
    expect(summary.status).toBe(503);
    expect(await summary.json()).toMatchObject({
      status: 'degraded',
      components: { database: 'up', 'analysis-grpc': 'down' },
    });
  });
});
