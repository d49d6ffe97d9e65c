import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { EVENT_TYPES } from '@so/contracts';
import { Webhook } from 'standardwebhooks';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; description: string }>;
}

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  rateLimitPerSecond: number | null;
  headers: Record<string, string>;
  filter: Record<string, unknown> | null;
  signingScheme: string;
  secret?: string;
}

interface Message {
  id: string;
  endpointId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
}

interface AttemptPage {
  items: Array<{
    messageId: string;
    test: boolean;
    attemptNumber: number;
    status: string;
    timestamp: string;
    responseStatus: number | null;
    latencyMs: number;
    responseHeaders: Record<string, string>;
    responseBody: string | null;
  }>;
  nextCursor: string | null;
}

/** The partner's server answers 500 (with a 30 KB body) while `failing`, 204 afterwards. */
const FAILURE_BODY = 'x'.repeat(30 * 1024);

describe('Webhooks - REST API through the gateway', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let receiver: TestHttpServer;
  let failing = true;
  const received: Received[] = [];

  const api = async (path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) => {
    const key = init.key === undefined ? platform.apiKey : init.key;
    const response = await fetch(`${platform.gatewayUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const expectProblem = async (call: Promise<{ status: number; contentType: string; body: unknown }>, status: number, code?: string) => {
    const response = await call;
    expect({ status: response.status, contentType: response.contentType }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
    const problem = response.body as Problem;
    if (code) expect(problem.code).toBe(code);
    return problem;
  };

  /** Runs an analysis (noop engine) so that `analysis.completed` reaches the subscribed endpoints. */
  const completeAnalysis = async (projectId: string): Promise<string> => {
    const started = await api('/api/v1/analyze/security', { method: 'POST', body: { projectId, targetUrl: receiver.url } });
    expect(started.status).toBe(202);
    return (started.body as { analysisId: string }).analysisId;
  };

  const eventually = <T>(check: () => Promise<T | false | undefined | null>, timeoutMs = 20_000) =>
    waitFor(check, timeoutMs) as Promise<T>;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    receiver = await startHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failing) {
          res.writeHead(500, { 'x-receiver-state': 'down', 'content-type': 'text/plain' });
          res.end(FAILURE_BODY);
        } else {
          res.writeHead(204);
          res.end();
        }
      });
    });
    platform = await bootPlatform({
      databaseUrl: database.url,
      redisUrl: redis.url,
      env: { ANALYSIS_ENGINE: 'noop', WEBHOOK_RETRY_SCHEDULE_MS: '0,150,150' },
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await receiver?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('Webhooks - endpoint create, get, update, list and delete with delivery settings', async () => {
    const created = await api('/api/v1/webhooks/endpoints', {
      method: 'POST',
      body: {
        url: `${receiver.url}/settings`,
        eventTypes: ['analysis.*'],
        description: 'settings',
        rateLimitPerSecond: 5,
        headers: { 'X-Partner-Tenant': 'acme' },
        filter: { data: { status: 'FAILED' } },
        ordered: true,
      },
    });
    expect(created.status).toBe(201);
    const endpoint = created.body as Endpoint;
    expect(endpoint).toMatchObject({
      eventTypes: ['analysis.*'],
      enabled: true,
      rateLimitPerSecond: 5,
      headers: { 'x-partner-tenant': 'acme' },
      filter: { data: { status: 'FAILED' } },
      signingScheme: 'hmac',
      ordered: true,
    });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const fetched = await api(`/api/v1/webhooks/endpoints/${endpoint.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty('secret');
    expect(fetched.body).toMatchObject({ id: endpoint.id, description: 'settings' });

    const updated = await api(`/api/v1/webhooks/endpoints/${endpoint.id}`, {
      method: 'PATCH',
      body: { enabled: false, eventTypes: ['finding.detected'], rateLimitPerSecond: null, filter: null, ordered: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by the owner',
      eventTypes: ['finding.detected'],
      rateLimitPerSecond: null,
      filter: null,
      ordered: false,
      description: 'settings',
    });

    const listed = (await api('/api/v1/webhooks/endpoints')).body as { items: Endpoint[] };
    expect(listed.items.map((item) => item.id)).toContain(endpoint.id);

    expect((await api(`/api/v1/webhooks/endpoints/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(api(`/api/v1/webhooks/endpoints/${endpoint.id}`), 404, 'WEBHOOK.ENDPOINT_NOT_FOUND');
  });

  it('Webhooks - refuses bad input, unknown ids and missing keys with problem+json', async () => {
    const empty = await expectProblem(api('/api/v1/webhooks/endpoints/6f1c1f1e-0000-4000-8000-000000000000', { method: 'PATCH', body: {} }), 400);
    expect(empty.errors?.[0]?.description).toContain('at least one field');
    const badTypes = await expectProblem(
      api('/api/v1/webhooks/endpoints', { method: 'POST', body: { url: receiver.url, eventTypes: ['nope.*'] } }),
      400,
      'REQUEST.VALIDATION_FAILED',
    );
    expect(badTypes.errors?.[0]?.field).toBe('eventTypes.0');
    await expectProblem(api('/api/v1/webhooks/endpoints/6f1c1f1e-0000-4000-8000-000000000000'), 404);
    await expectProblem(api('/api/v1/webhooks/messages/not-a-message/attempts'), 400);
    await expectProblem(api('/api/v1/webhooks/messages/msg_6f1c1f1e-0000-4000-8000-000000000000/attempts'), 404, 'WEBHOOK.MESSAGE_NOT_FOUND');
    await expectProblem(api('/api/v1/webhooks/dead-letters?limit=0'), 400);
    await expectProblem(api('/api/v1/webhooks/messages/msg_6f1c1f1e-0000-4000-8000-000000000000/attempts?cursor=bm9wZQ'), 400, 'WEBHOOK.INVALID_CURSOR');
    await expectProblem(api('/api/v1/webhooks/dead-letters', { key: null }), 401);
    await expectProblem(
      api('/api/v1/webhooks/endpoints/6f1c1f1e-0000-4000-8000-000000000000/recover', { method: 'POST', body: { since: '2999-01-01T00:00:00Z' } }),
      400,
    );
  });

  it('Webhooks - attempt log, dead letters, redrive, resend, recover and secret rotation', async () => {
    failing = true;
    const created = await api('/api/v1/webhooks/endpoints', {
      method: 'POST',
      body: { url: `${receiver.url}/partner`, eventTypes: ['analysis.completed'] },
    });
    const endpoint = created.body as Endpoint;
    const oldSecret = endpoint.secret as string;
    await completeAnalysis('hooks-log');

    // Three attempts (the shrunk schedule), each answered 500: the message becomes a dead letter.
    const dead = await eventually(async () => {
      const page = (await api(`/api/v1/webhooks/dead-letters?endpointId=${endpoint.id}`)).body as { items: Message[] };
      return page.items[0];
    });
    expect(dead).toMatchObject({ endpointId: endpoint.id, eventType: 'analysis.completed', status: 'failed', attempts: 3, lastResponseStatus: 500 });

    const log = (await api(`/api/v1/webhooks/messages/${dead.id}/attempts`)).body as AttemptPage;
    expect(log.items.map((attempt) => attempt.attemptNumber)).toEqual([1, 2, 3]);
    expect(log.nextCursor).toBeNull();
    for (const attempt of log.items) {
      expect(attempt).toMatchObject({ messageId: dead.id, status: 'failed', responseStatus: 500 });
      expect(attempt.responseHeaders['x-receiver-state']).toBe('down');
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(attempt.timestamp))).toBe(false);
      // The body is kept up to 20 KB: a prefix of what the partner sent.
      expect(attempt.responseBody?.length).toBe(20 * 1024);
      expect(FAILURE_BODY.startsWith(attempt.responseBody ?? '-')).toBe(true);
    }

    const first = (await api(`/api/v1/webhooks/messages/${dead.id}/attempts?limit=2`)).body as AttemptPage;
    expect(first.items.map((attempt) => attempt.attemptNumber)).toEqual([1, 2]);
    const second = (await api(`/api/v1/webhooks/messages/${dead.id}/attempts?limit=2&cursor=${first.nextCursor}`)).body as AttemptPage;
    expect(second).toMatchObject({ items: [{ attemptNumber: 3 }], nextCursor: null });

    const byEndpoint = (await api(`/api/v1/webhooks/endpoints/${endpoint.id}/attempts?limit=2`)).body as AttemptPage;
    expect(byEndpoint.items.map((attempt) => attempt.attemptNumber)).toEqual([3, 2]);
    const rest = (await api(`/api/v1/webhooks/endpoints/${endpoint.id}/attempts?limit=2&cursor=${byEndpoint.nextCursor}`)).body as AttemptPage;
    expect(rest).toMatchObject({ items: [{ attemptNumber: 1 }], nextCursor: null });

    // The partner is back: redrive delivers the dead letter under the same webhook-id.
    failing = false;
    const before = received.length;
    const redriven = await api('/api/v1/webhooks/dead-letters/redrive', { method: 'POST', body: { endpointId: endpoint.id } });
    expect(redriven).toMatchObject({ status: 202, body: { requeued: 1 } });
    const delivered = await eventually(async () => {
      const message = (await api(`/api/v1/webhooks/messages/${dead.id}`)).body as Message;
      return message.status === 'delivered' && message;
    });
    expect(delivered.attempts).toBe(4);
    expect(received.slice(before).map((request) => request.headers['webhook-id'])).toEqual([dead.id]);
    expect((await api(`/api/v1/webhooks/dead-letters?endpointId=${endpoint.id}`)).body).toEqual({ items: [] });
    expect((await api(`/api/v1/webhooks/endpoints/${endpoint.id}/recover`, { method: 'POST', body: { since: '2020-01-01T00:00:00Z' } })).body).toEqual({
      requeued: 0,
    });

    // Rotation: until the grace period ends, deliveries verify with the new and with the old secret.
    const rotated = await api(`/api/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, { method: 'POST', body: { graceSeconds: 3600 } });
    expect(rotated.status).toBe(200);
    const { secret: newSecret, previousSecretExpiresAt } = rotated.body as { secret: string; previousSecretExpiresAt: string };
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(3500_000);

    const resent = await api(`/api/v1/webhooks/messages/${dead.id}/resend`, { method: 'POST' });
    expect(resent).toMatchObject({ status: 202, body: { id: dead.id } });
    const again = await eventually(async () => received.slice(before + 1).find((request) => request.headers['webhook-id'] === dead.id));
    const headers = {
      'webhook-id': String(again.headers['webhook-id']),
      'webhook-timestamp': String(again.headers['webhook-timestamp']),
      'webhook-signature': String(again.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(again.body, headers)).toMatchObject({ type: 'analysis.completed' });
    expect(new Webhook(oldSecret).verify(again.body, headers)).toMatchObject({ type: 'analysis.completed' });
  }, 60_000);

  it('Webhooks - test event to one endpoint, marked in its history, and the endpoint statistics', async () => {
    failing = false;
    const created = await api('/api/v1/webhooks/endpoints', {
      method: 'POST',
      body: { url: `${receiver.url}/test-events`, eventTypes: ['finding.detected'], projectId: 'hooks-test-events' },
    });
    const endpoint = created.body as Endpoint;
    const sent = await api(`/api/v1/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' });
    expect(sent.status).toBe(202);
    const message = sent.body as Message & { eventId: string; test: boolean };
    expect(message).toMatchObject({ endpointId: endpoint.id, eventType: 'finding.detected', status: 'pending', test: true });
    expect(message.eventId).toMatch(/^test_/);

    const request = await eventually(async () => received.find((r) => r.headers['webhook-id'] === message.id));
    const headers = request.headers as Record<string, string>;
    expect(new Webhook(endpoint.secret ?? '').verify(request.body, headers)).toMatchObject({ id: message.eventId, type: 'finding.detected' });
    const delivered = await eventually(async () => {
      const got = await api(`/api/v1/webhooks/messages/${message.id}`);
      return (got.body as Message).status === 'delivered' && (got.body as Message & { test: boolean });
    });
    expect(delivered.test).toBe(true);
    const log = (await api(`/api/v1/webhooks/endpoints/${endpoint.id}/attempts`)).body as AttemptPage;
    expect(log.items.map((item) => [item.messageId, item.status, item.test])).toEqual([[message.id, 'succeeded', true]]);

    // A second test of an explicit type against a failing receiver: three failed attempts, a dead letter.
    failing = true;
    const second = await api(`/api/v1/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST', body: { eventType: 'analysis.failed' } });
    expect(second.status).toBe(202);
    const secondId = (second.body as Message).id;
    await eventually(async () => ((await api(`/api/v1/webhooks/messages/${secondId}`)).body as Message).status === 'failed');
    const stats = await api(`/api/v1/webhooks/endpoints/${endpoint.id}/stats`);
    expect(stats.status).toBe(200);
    const figures = stats.body as {
      messages: Record<string, number>;
      attempts: Record<string, number>;
      successRate: number;
      latencyP50Ms: number;
      latencyP95Ms: number;
      lastSuccessAt: string;
      lastFailureAt: string;
    };
    expect(figures).toMatchObject({
      messages: { delivered: 1, failed: 1, pending: 0 },
      attempts: { total: 4, succeeded: 1, failed: 3 },
      successRate: 0.25,
    });
    expect(figures.latencyP95Ms).toBeGreaterThanOrEqual(figures.latencyP50Ms);
    expect(Date.parse(figures.lastFailureAt)).toBeGreaterThan(Date.parse(figures.lastSuccessAt));
    const later = await api(`/api/v1/webhooks/endpoints/${endpoint.id}/stats?since=${encodeURIComponent(new Date().toISOString())}`);
    expect(later.body).toMatchObject({ messages: { delivered: 0, failed: 0, pending: 0 }, attempts: { total: 0 }, successRate: null });

    const badType = await expectProblem(
      api(`/api/v1/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST', body: { eventType: 'analysis.exploded' } }),
      400,
    );
    expect(badType.errors?.[0]?.field).toBe('eventType');
    await expectProblem(api('/api/v1/webhooks/endpoints/6f1c1f1e-0000-4000-8000-000000000000/test', { method: 'POST' }), 404, 'WEBHOOK.ENDPOINT_NOT_FOUND');
    await expectProblem(api('/api/v1/webhooks/endpoints/6f1c1f1e-0000-4000-8000-000000000000/stats'), 404, 'WEBHOOK.ENDPOINT_NOT_FOUND');
    await expectProblem(api(`/api/v1/webhooks/endpoints/${endpoint.id}/stats?since=2999-01-01T00:00:00Z`), 400);
    await api(`/api/v1/webhooks/endpoints/${endpoint.id}`, { method: 'PATCH', body: { enabled: false } });
    await expectProblem(api(`/api/v1/webhooks/endpoints/${endpoint.id}/test`, { method: 'POST' }), 409, 'WEBHOOK.ENDPOINT_DISABLED');
  });

  it('Webhooks - the event-type catalogue lists every type with an example shaped like a real delivery', async () => {
    const catalogue = await api('/api/v1/webhooks/event-types');
    expect(catalogue.status).toBe(200);
    const items = (catalogue.body as { items: Array<{ type: string; description: string; example: { type: string; data: Record<string, unknown> } }> }).items;
    expect(items.map((item) => item.type)).toEqual([...EVENT_TYPES]);
    for (const item of items) {
      expect(item.description.length).toBeGreaterThan(20);
      expect(item.example.type).toBe(item.type);
    }
    // A delivered analysis.completed has exactly the example's envelope and data fields.
    failing = false;
    await api('/api/v1/webhooks/endpoints', { method: 'POST', body: { url: `${receiver.url}/catalogue`, eventTypes: ['analysis.completed'], projectId: 'hooks-catalogue' } });
    const analysisId = await completeAnalysis('hooks-catalogue');
    const delivered = await eventually(async () =>
      received
        .map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> })
        .find((body) => body.type === 'analysis.completed' && body.data.analysisId === analysisId),
    );
    const example = items.find((item) => item.type === 'analysis.completed')?.example;
    expect(delivered).toBeDefined();
    expect(Object.keys(example ?? {}).sort()).toEqual(Object.keys(delivered ?? {}).sort());
    expect(Object.keys(example?.data ?? {}).sort()).toEqual(Object.keys(delivered?.data ?? {}).sort());
    await expectProblem(api('/api/v1/webhooks/event-types', { key: null }), 401);
  });

  it('Webhooks - documents every webhook route in the OpenAPI description', async () => {
    const response = await fetch(`${platform.gatewayUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const paths = Object.keys(((await response.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks/endpoints/{id}',
        '/api/v1/webhooks/endpoints/{id}/rotate-secret',
        '/api/v1/webhooks/endpoints/{id}/recover',
        '/api/v1/webhooks/endpoints/{id}/attempts',
        '/api/v1/webhooks/endpoints/{id}/test',
        '/api/v1/webhooks/endpoints/{id}/stats',
        '/api/v1/webhooks/messages/{messageId}',
        '/api/v1/webhooks/messages/{messageId}/attempts',
        '/api/v1/webhooks/messages/{messageId}/resend',
        '/api/v1/webhooks/dead-letters',
        '/api/v1/webhooks/dead-letters/redrive',
        '/api/v1/webhooks/event-types',
        '/api/v1/webhooks/inbound-sources',
        '/api/v1/webhooks/inbound-sources/{id}',
        '/api/v1/hooks/inbound/{sourceId}',
      ]),
    );
  });
});
