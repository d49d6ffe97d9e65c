import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { Webhook } from 'standardwebhooks';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

interface RealtimeMessage {
  type?: string;
  data?: { analysisId?: string; status?: string };
}

/** A scan target with the flaws the first checks look for: CORS reflecting any origin with credentials, no security headers. */
function vulnerableTarget(): Promise<TestHttpServer> {
  return startHttpServer((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('x-powered-by', 'Express 4.17.1');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
}

/** Low enough for the socket test to reach it. */
const SOCKET_STARTS_PER_MINUTE = 4;

type Ack = { ok: true; data?: { analysisId: string; projectId: string; status: string } } | { ok: false; error: { code: string; message: string } };

describe('Platform - walking skeleton', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  let receiver: TestHttpServer;
  const webhooks: ReceivedWebhook[] = [];
  const sockets: Socket[] = [];

  const api = (path: string, init: RequestInit = {}, key: string | null = platform.apiKey) =>
    fetch(`${platform.gatewayUrl}${path}`, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await vulnerableTarget();
    receiver = await startHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        webhooks.push({ headers: req.headers, body });
        res.statusCode = 204;
        res.end();
      });
    });
    platform = await bootPlatform({
      databaseUrl: database.url,
      redisUrl: redis.url,
      env: { WEBHOOK_RETRY_SCHEDULE_MS: '0,200,500,1000', SOCKET_STARTS_PER_MINUTE: String(SOCKET_STARTS_PER_MINUTE) },
    });
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.close();
    await target?.close();
    await receiver?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('Analysis - runs through gateway, analysis worker, event bus, socket.io, webhook, integration and GraphQL', async () => {
    const endpoint = await api('/api/v1/webhooks/endpoints', {
      method: 'POST',
      body: JSON.stringify({ url: `${receiver.url}/hooks`, eventTypes: ['analysis.completed', 'finding.detected'], description: 'e2e receiver' }),
    });
    expect(endpoint.status).toBe(201);
    const { secret } = (await endpoint.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_/);

    const ticket = await api('/api/v1/realtime/tokens', { method: 'POST' });
    expect(ticket.status).toBe(201);
    const { token } = (await ticket.json()) as { token: string };
    const received: Array<{ name: string; message: RealtimeMessage }> = [];
    const socket = io(`${platform.notificationUrl}/ws/security`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.onAny((name: string, message: RealtimeMessage) => received.push({ name, message }));
    await waitFor(() => received.some((entry) => entry.name === 'CONNECTION_ESTABLISHED'), 10_000);
    const subscribed = (await socket.timeout(5000).emitWithAck('SUBSCRIBE_PROJECT', { projectId: 'payments-api' })) as { ok: boolean };
    expect(subscribed.ok).toBe(true);

    const started = await api('/api/v1/analyze/security', {
      method: 'POST',
      headers: { 'x-correlation-id': 'e2e-skeleton-1' },
      body: JSON.stringify({ projectId: 'payments-api', targetUrl: target.url }),
    });
    expect(started.status).toBe(202);
    const accepted = (await started.json()) as { analysisId: string; status: string };
    expect(accepted.status).toBe('PENDING');
    expect(started.headers.get('location')).toBe(`/api/v1/projects/payments-api/analysis/${accepted.analysisId}`);

    const completedMessage = await waitFor(
      () => received.find((entry) => entry.name === 'ANALYSIS_COMPLETED' && entry.message.data?.analysisId === accepted.analysisId),
      30_000,
    );
    expect(completedMessage.message.data?.status).toBe('COMPLETED');
    expect(received.some((entry) => entry.name === 'SECURITY_FINDING')).toBe(true);

    const view = (await (await api(`/api/v1/projects/payments-api/analysis/${accepted.analysisId}`)).json()) as {
      status: string;
      findings: Array<{ ruleId: string; owaspCategory: string; severity: string }>;
    };
    expect(view.status).toBe('COMPLETED');
    const cors = view.findings.find((finding) => finding.ruleId.startsWith('http.cors'));
    expect(cors).toMatchObject({ owaspCategory: 'API8:2023', severity: 'high' });

    const completedHook = await waitFor(() => webhooks.find((hook) => hook.body.includes('"analysis.completed"') && hook.body.includes(accepted.analysisId)), 15_000);
    const verified = new Webhook(secret).verify(completedHook.body, {
      'webhook-id': String(completedHook.headers['webhook-id']),
      'webhook-timestamp': String(completedHook.headers['webhook-timestamp']),
      'webhook-signature': String(completedHook.headers['webhook-signature']),
    }) as { type: string; correlationId: string; data: { analysisId: string } };
    expect(verified.type).toBe('analysis.completed');
    expect(verified.data.analysisId).toBe(accepted.analysisId);
    expect(verified.correlationId).toBe('e2e-skeleton-1');
    expect(() => new Webhook(secret).verify(completedHook.body.replace('COMPLETED', 'FAILED'), completedHook.headers as Record<string, string>)).toThrow();

    const query = `query ($id: ID!) { securityAnalysis(id: $id) { id status findings { category severity ruleId } webhookDeliveries { eventType delivered } integrationEvents { eventType } } }`;
    let lastGraph: unknown;
    const graph = await waitFor(async () => {
      const response = await api('/graphql', { method: 'POST', body: JSON.stringify({ query, variables: { id: accepted.analysisId } }) });
      const body = (await response.json()) as {
        errors?: unknown[];
        data?: { securityAnalysis: { status: string; findings: unknown[]; webhookDeliveries: Array<{ eventType: string; delivered: boolean }>; integrationEvents: Array<{ eventType: string }> } };
      };
      lastGraph = body;
      const analysis = body.data?.securityAnalysis;
      const ready = analysis?.webhookDeliveries.some((d) => d.eventType === 'analysis.completed' && d.delivered) && analysis.integrationEvents.some((e) => e.eventType === 'analysis.completed');
      return ready ? body : undefined;
    }, 15_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; last GraphQL answer: ${JSON.stringify(lastGraph)}`);
    });
    expect(graph.errors).toBeUndefined();
    expect(graph.data?.securityAnalysis.status).toBe('COMPLETED');
    expect(graph.data?.securityAnalysis.findings.length).toBe(view.findings.length);
  }, 90_000);

  it('Socket - START_ANALYSIS starts an analysis for the ticket holder and streams it to that socket', async () => {
    const connect = async (key: string) => {
      const ticket = (await (await api('/api/v1/realtime/tokens', { method: 'POST' }, key)).json()) as { token: string };
      const received: Array<{ name: string; message: RealtimeMessage & { code?: string } }> = [];
      const socket = io(`${platform.notificationUrl}/ws/security`, { auth: { token: ticket.token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.onAny((name: string, message: RealtimeMessage) => received.push({ name, message }));
      await waitFor(() => received.some((entry) => entry.name === 'CONNECTION_ESTABLISHED'), 10_000);
      const send = (event: string, payload?: unknown) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;
      return { socket, received, send, token: ticket.token };
    };
    const { received, send } = await connect(platform.apiKey);

    // No SUBSCRIBE first: the start subscribes the socket, and events before the join are caught up.
    const started = await send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: target.url });
    expect(started).toEqual({ ok: true, data: { analysisId: expect.stringMatching(/^[0-9a-f-]{36}$/), projectId: 'socket-api', status: 'PENDING' } });
    const analysisId = started.ok ? (started.data?.analysisId ?? '') : '';
    const completed = await waitFor(() => received.find((entry) => entry.name === 'ANALYSIS_COMPLETED' && entry.message.data?.analysisId === analysisId), 30_000);
    expect(completed.message.data?.status).toBe('COMPLETED');
    expect(received.some((entry) => entry.name === 'SECURITY_FINDING' && entry.message.data?.analysisId === analysisId)).toBe(true);
    const view = (await (await api(`/api/v1/projects/socket-api/analysis/${analysisId}`)).json()) as { status: string };
    expect(view.status).toBe('COMPLETED');

    // The analysis service's own validation answers, field by field; a wrongly typed field never leaves.
    const badScheme = await send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: 'ftp://127.0.0.1/' });
    expect(badScheme).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('target_url') }) });
    const badType = await send('START_ANALYSIS', { projectId: 7, targetUrl: target.url, extra: true });
    expect(badType).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('projectId must be a string') }) });

    // Idempotency is the analysis service's: the same key gives the same analysis.
    const once = await send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: target.url, idempotencyKey: 'socket-start-1' });
    const twice = await send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: target.url, idempotencyKey: 'socket-start-1' });
    expect(once.ok && twice.ok && once.data?.analysisId === twice.data?.analysisId).toBe(true);

    // Four starts this minute (the typed-wrong one never counted): the fifth is refused.
    const limited = await send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: target.url });
    expect(limited).toEqual({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED', message: expect.stringContaining(`${SOCKET_STARTS_PER_MINUTE} analyses per minute`) }) });

    // A key that may watch but not start: refused, and RENEW_TOKEN cannot swap in another caller.
    const created = await api('/api/v1/api-keys', { method: 'POST', body: JSON.stringify({ name: 'dashboard', scopes: ['realtime:subscribe', 'analyses:read'] }) });
    expect(created.status).toBe(201);
    const watcher = await connect(((await created.json()) as { key: string }).key);
    const refused = await watcher.send('START_ANALYSIS', { projectId: 'socket-api', targetUrl: target.url });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    const admin = (await (await api('/api/v1/realtime/tokens', { method: 'POST' })).json()) as { token: string };
    expect(await watcher.send('RENEW_TOKEN', { token: admin.token })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(await watcher.send('RENEW_TOKEN', { token: watcher.token })).toEqual({ ok: true });
  }, 90_000);

  describe('Bad input - clear problem+json, never a 500', () => {
    const expectProblem = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await response.json()) as { status: number; code: string; title: string };
      expect(body.status).toBe(status);
      expect(body.code).toEqual(expect.any(String));
      return body;
    };

    it('rejects malformed JSON with 400', async () => {
      await expectProblem(await api('/api/v1/analyze/security', { method: 'POST', body: '{"projectId": "x", ' }), 400);
    });

    it('rejects a missing API key with 401', async () => {
      await expectProblem(await api('/api/v1/analyze/security', { method: 'POST', body: JSON.stringify({ projectId: 'p', targetUrl: target.url }) }, null), 401);
    });

    it('answers an unknown analysis id with 404', async () => {
      await expectProblem(await api('/api/v1/projects/payments-api/analysis/6f1c1f1e-0000-4000-8000-000000000000'), 404);
    });

    it('rejects a target URL that is not http(s) with 400 and names the field', async () => {
      const body = (await expectProblem(
        await api('/api/v1/analyze/security', { method: 'POST', body: JSON.stringify({ projectId: 'p', targetUrl: 'ftp://127.0.0.1/x' }) }),
        400,
      )) as unknown as { errors?: Array<{ field: string }> };
      expect(JSON.stringify(body)).toContain('targetUrl');
    });

    it('rejects an unauthenticated GraphQL query', async () => {
      const response = await api('/graphql', { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }) }, null);
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
