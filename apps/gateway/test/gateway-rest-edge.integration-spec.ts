import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyIdentity } from '@so/shared';
import { INTERNAL_TOKEN, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

const RATE_LIMIT = 5;

/** The REST edge cases that need no peer answer: auth, parsing, validation, routing, rate limits. */
describe('Gateway REST edge', () => {
  let harness: GatewayHarness;
  let key: string;

  beforeAll(async () => {
    harness = await startGatewayHarness({ RATE_LIMIT_MAX: String(RATE_LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' });
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    // A fresh key per test: the rate limit is per key, so tests do not eat each other's quota.
    key = (await harness.createOrg()).apiKey.key;
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('Auth - a request without credentials gets 401 problem+json with WWW-Authenticate', async () => {
    const response = await post(
      '/api/v1/analyze/security',
      JSON.stringify({ projectId: 'shop', targetUrl: 'https://api.example.test' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const problem = (await response.json()) as { code: string; status: number };
    expect(problem).toMatchObject({ code: 'AUTH.MISSING_CREDENTIALS', status: 401 });
    expect(harness.peer.calls).toHaveLength(0);
  });

  it('Auth - an unknown key gets 401 AUTH.INVALID_API_KEY', async () => {
    const response = await fetch(`${harness.url}/api/v1/webhooks/endpoints`, {
      headers: { authorization: 'Bearer so_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await response.json()).toMatchObject({ code: 'AUTH.INVALID_API_KEY' });
  });

  it('Auth - a malformed key and a non-Bearer scheme are refused', async () => {
    const malformed = await fetch(`${harness.url}/api/v1/webhooks/endpoints`, {
      headers: { 'x-api-key': 'not-a-key' },
    });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ code: 'AUTH.INVALID_API_KEY' });
    const basic = await fetch(`${harness.url}/api/v1/webhooks/endpoints`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toMatchObject({ code: 'AUTH.MISSING_CREDENTIALS' });
  });

  it('Parsing - malformed JSON gets 400 problem+json, not 500', async () => {
    const response = await post('/api/v1/analyze/security', '{"projectId": "shop", ', {
      authorization: `Bearer ${key}`,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 400, code: 'HTTP.BAD_REQUEST' });
  });

  it('Parsing - a body that is not JSON gets 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${harness.url}/api/v1/analyze/security`, {
        method: 'POST',
        body: 'projectId=shop',
        headers: { 'content-type': contentType, 'x-api-key': key },
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it('Validation - a targetUrl that is not http(s) gets 400 with field errors before any gRPC call', async () => {
    const response = await post(
      '/api/v1/analyze/security',
      JSON.stringify({ projectId: 'shop', targetUrl: 'file:///etc/passwd' }),
      {
        'x-api-key': key,
      },
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: Array<{ field: string }> };
    expect(problem.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'targetUrl' })]);
    expect(harness.peer.calls).toHaveLength(0);
  });

  it('Validation - every bad field is listed', async () => {
    const response = await post(
      '/api/v1/analyze/security',
      JSON.stringify({ projectId: 'Not A Key', targetUrl: 'ftp://x', config: { maxDepth: 'deep' }, extra: 1 }),
      { 'x-api-key': key },
    );
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['projectId', 'targetUrl', 'config.maxDepth']));
    expect(fields.length).toBeGreaterThanOrEqual(4);
  });

  it('Validation - an analysis id that is not a UUID gets 400', async () => {
    const response = await fetch(`${harness.url}/api/v1/projects/shop/analysis/not-a-uuid`, {
      headers: { 'x-api-key': key },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'analysisId' }] });
  });

  it('Routing - an unknown route gets 404 problem+json', async () => {
    const response = await fetch(`${harness.url}/api/v1/nothing-here`, { headers: { 'x-api-key': key } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'HTTP.ROUTE_NOT_FOUND', status: 404 });
  });

  it('Rate limit - the request over the quota gets 429 with Retry-After and RateLimit-* headers', async () => {
    const get = () =>
      fetch(`${harness.url}/api/v1/projects/shop/analysis/not-a-uuid`, { headers: { 'x-api-key': key } });
    for (let i = 1; i <= RATE_LIMIT; i++) {
      const response = await get();
      expect(response.status).toBe(400);
      expect(response.headers.get('ratelimit-limit')).toBe(String(RATE_LIMIT));
      expect(response.headers.get('ratelimit-remaining')).toBe(String(RATE_LIMIT - i));
    }
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMIT.EXCEEDED', status: 429 });

    // Another key has its own quota.
    const other = (await harness.createOrg()).apiKey.key;
    const response = await fetch(`${harness.url}/api/v1/projects/shop/analysis/not-a-uuid`, {
      headers: { 'x-api-key': other },
    });
    expect(response.status).toBe(400);
  });

  it('Scopes - a key without the scope gets 403', async () => {
    const readOnly = (await harness.createOrg(['analyses:read'])).apiKey.key;
    const response = await post(
      '/api/v1/webhooks/endpoints',
      JSON.stringify({ url: 'https://hooks.example.test', eventTypes: ['analysis.completed'] }),
      {
        'x-api-key': readOnly,
      },
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'AUTH.INSUFFICIENT_SCOPE' });
  });

  it('Realtime - issues a token the notification service can verify', async () => {
    const org = await harness.createOrg();
    const response = await post('/api/v1/realtime/tokens', '', { authorization: `Bearer ${org.apiKey.key}` });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; expiresInSeconds: number };
    expect(body.expiresInSeconds).toBe(300);
    expect(verifyIdentity(body.token, INTERNAL_TOKEN, Date.now(), 'realtime')).toEqual({
      orgId: org.org.id,
      principalId: org.apiKey.id,
      scopes: ['*'],
    });
    // A browser ticket is not an internal identity, and only INTERNAL_TOKEN signs it.
    expect(verifyIdentity(body.token, INTERNAL_TOKEN)).toBeUndefined();
    expect(verifyIdentity(body.token, 'another-internal-token-0000', Date.now(), 'realtime')).toBeUndefined();
  });

  it('Docs - the OpenAPI document lists the REST operations without a key', async () => {
    const response = await fetch(`${harness.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/analyze/security',
        '/api/v1/projects/{projectId}/analysis/{analysisId}',
        '/api/v1/webhooks/endpoints',
      ]),
    );
    const page = await fetch(`${harness.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('Health - liveness needs no key', async () => {
    const response = await fetch(`${harness.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
