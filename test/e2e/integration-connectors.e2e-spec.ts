import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import { createClient, type Client } from 'graphql-ws';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { startFakeGithub, startWebhookReceiver, type FakeReceiver } from '../../apps/integration/test/testing/fake-receivers.js';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

const GITHUB_TOKEN = 'ghp_e2e_token_0123456789';

interface StatusView {
  integrationId: string;
  status: string;
  message: string | null;
}

/** A scan target with flaws to report (credentialed CORS for any origin). */
function vulnerableTarget(): Promise<TestHttpServer> {
  return startHttpServer((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
}

describe('Integrations - findings pushed to external tools through the gateway', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  let github: Awaited<ReturnType<typeof startFakeGithub>>;
  let chat: FakeReceiver;
  let subscriptions: Client | undefined;
  let socket: Socket | undefined;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${platform.gatewayUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${platform.apiKey}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as unknown };
  };

  beforeAll(async () => {
    [database, redis, target, github, chat] = await Promise.all([createTestDatabase(), leaseTestRedis(), vulnerableTarget(), startFakeGithub(GITHUB_TOKEN), startWebhookReceiver()]);
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    await subscriptions?.dispose();
    await platform?.close();
    await Promise.all([target?.close(), github?.close(), chat?.close()]);
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('Integrations - bad settings are a 400 problem with one violation per field', async () => {
    const response = await api('/api/v1/integrations/external', {
      method: 'POST',
      body: { projectId: 'e2e-connectors', name: 'broken', type: 'github', config: { owner: 'acme' } },
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    const fields = ((response.body as { errors?: Array<{ field: string }> }).errors ?? []).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['config.repo', 'credentials.token']));
  });

  it('Integrations - an analysis of a local target opens one GitHub issue per finding and posts one chat message, the status reaches both live feeds; a second run adds no duplicate', async () => {
    const created = await api('/api/v1/integrations/external', {
      method: 'POST',
      body: { projectId: 'e2e-connectors', name: 'tracker', type: 'github', config: { owner: 'acme', repo: 'shop-api', apiUrl: github.url, minSeverity: 'info' }, credentials: { token: GITHUB_TOKEN } },
    });
    expect(created.status).toBe(201);
    const trackerId = (created.body as StatusView).integrationId;
    const chatCreated = await api('/api/v1/integrations/external', {
      method: 'POST',
      body: { projectId: 'e2e-connectors', name: 'chat', type: 'slack', config: { minSeverity: 'info' }, credentials: { webhookUrl: `${chat.url}/services/T/B/X` } },
    });
    expect(chatCreated.status).toBe(201);
    expect((await api(`/api/v1/integrations/${trackerId}/status`)).body).toMatchObject({ status: 'INACTIVE' });

    // Both live feeds of status changes: the gateway's GraphQL subscription and the notification socket.
    const viaGraphql: Array<{ status: string; previousStatus: string | null }> = [];
    subscriptions = createClient({ url: `${platform.gatewayUrl.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: platform.apiKey }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    subscriptions.subscribe<{ integrationStatus: { status: string; previousStatus: string | null } }>(
      { query: 'subscription S($id: ID!) { integrationStatus(integrationId: $id) { status previousStatus message } }', variables: { id: trackerId } },
      { next: (result) => result.data && viaGraphql.push(result.data.integrationStatus), error: () => undefined, complete: () => undefined },
    );
    const ticket = await api('/api/v1/realtime/tokens', { method: 'POST' });
    const viaSocket: Array<{ data: { integrationId: string; status: string } }> = [];
    socket = io(`${platform.notificationUrl}/ws/integrations`, { auth: { token: (ticket.body as { token: string }).token }, transports: ['websocket'], reconnection: false });
    socket.on('INTEGRATION_STATUS', (message: { data: { integrationId: string; status: string } }) => viaSocket.push(message));
    await waitFor(() => socket?.connected === true, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const analyze = async () => {
      const started = await api('/api/v1/analyze/security', { method: 'POST', body: { projectId: 'e2e-connectors', targetUrl: `${target.url}/` } });
      expect(started.status).toBe(202);
      return (started.body as { analysisId: string }).analysisId;
    };
    const firstAnalysis = await analyze();
    await waitFor(async () => ((await api(`/api/v1/integrations/${trackerId}/status`)).body as StatusView).status === 'ACTIVE', 60_000);
    await waitFor(() => chat.requests.length === 1, 10_000);
    const firstIssues = github.issues.length;
    expect(firstIssues).toBeGreaterThan(0);
    expect(new Set(github.issues.map((issue) => issue.body.match(/fingerprint: (\S+)/)?.[1])).size).toBe(firstIssues);
    expect(github.issues[0]?.body).toContain(firstAnalysis);
    expect(chat.requests[0]?.body).toContain(firstAnalysis);
    await waitFor(() => viaGraphql.length >= 2 && viaSocket.filter((m) => m.data.integrationId === trackerId).length >= 2, 10_000);
    expect(viaGraphql.slice(0, 2)).toEqual([
      { status: 'CONNECTING', previousStatus: 'INACTIVE', message: 'first push in progress' },
      expect.objectContaining({ status: 'ACTIVE', previousStatus: 'CONNECTING' }),
    ]);
    expect(viaSocket.filter((m) => m.data.integrationId === trackerId).map((m) => m.data.status).slice(0, 2)).toEqual(['CONNECTING', 'ACTIVE']);

    // The same target again: same flaws, same fingerprints, so the tracker gets nothing new; the chat gets a message.
    const secondAnalysis = await analyze();
    await waitFor(async () => ((await api(`/api/v1/integrations/${trackerId}/status`)).body as StatusView).message?.includes(secondAnalysis) === true, 60_000);
    await waitFor(() => chat.requests.length === 2, 10_000);
    expect(github.issues).toHaveLength(firstIssues);
  }, 120_000);
});
