import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { EventBusPublisher, signIdentity, type RunningService } from '@so/shared';
import { testRedisUrl, waitFor } from '@so/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { bootstrapNotificationService } from './bootstrap.js';

const INTERNAL_TOKEN = 'test-internal-token-0123456789';
/** Both instances and the publisher share one logical database (the stream lives there). */
const REDIS_DB = 7;

interface Received {
  name: string;
  payload: Record<string, unknown>;
}

/** A connected socket that records everything the server sends it. */
interface TestClient {
  socket: Socket;
  received: Received[];
  of(name: string): Received[];
}

function tokenFor(orgId: string): string {
  return signIdentity({ orgId, principalId: `user-${orgId}`, scopes: [] }, INTERNAL_TOKEN, Date.now(), 'realtime');
}

/** Keeps the signature but claims another org, as an attacker holding a valid token might try. */
function forgeOrg(token: string, orgId: string): string {
  const [body, mac] = token.split('.');
  const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify({ ...claims, orgId })).toString('base64url')}.${mac}`;
}

async function connect(service: RunningService, namespace: string, token: string): Promise<TestClient> {
  const socket = io(`${service.httpUrl}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: Received[] = [];
  socket.onAny((name: string, payload: Record<string, unknown>) => received.push({ name, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await waitFor(() => received.some((message) => message.name === 'CONNECTION_ESTABLISHED'));
  return { socket, received, of: (name) => received.filter((message) => message.name === name) };
}

function send(client: TestClient, event: string, payload?: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return client.socket.timeout(3000).emitWithAck(event, payload);
}

function progress(orgId: string, projectId: string, analysisId: string, percent: number): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.progress',
    orgId,
    projectId,
    correlationId: randomUUID(),
    data: { analysisId, stage: 'dynamic', percent, message: `at ${percent}%` },
  });
}

describe('notification service', () => {
  const clients: TestClient[] = [];
  let service: RunningService;
  let redis: Redis;
  let publisher: EventBusPublisher;
  const env = (): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HTTP_PORT: '0',
    REDIS_URL: testRedisUrl(REDIS_DB),
    INTERNAL_TOKEN,
  });

  async function client(namespace: string, orgId: string, on: RunningService = service): Promise<TestClient> {
    const created = await connect(on, namespace, tokenFor(orgId));
    clients.push(created);
    return created;
  }

  beforeAll(async () => {
    redis = new Redis(testRedisUrl(REDIS_DB));
    publisher = new EventBusPublisher(redis);
    service = await bootstrapNotificationService(env());
  });

  afterEach(() => {
    for (const created of clients.splice(0)) created.socket.disconnect();
  });

  afterAll(async () => {
    await service?.close();
    await redis?.quit();
  });

  it('answers liveness and readiness (Redis) over HTTP', async () => {
    const live = await fetch(`${service.httpUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });
  });

  it('greets an authenticated socket with CONNECTION_ESTABLISHED naming its org', async () => {
    const orgId = randomUUID();
    const subscriber = await client('/ws/security', orgId);
    expect(subscriber.of('CONNECTION_ESTABLISHED')[0]?.payload).toMatchObject({ orgId, namespace: '/ws/security', socketId: subscriber.socket.id });
  });

  it.each([
    ['without a token', {}],
    ['with a token whose org was rewritten', { token: forgeOrg(tokenFor('org-a'), 'org-b') }],
    ['with a token signed by another key', { token: signIdentity({ orgId: 'org', principalId: 'p', scopes: [] }, 'some-other-key-0123456789', Date.now(), 'realtime') }],
    ['with an internal-call identity instead of a realtime ticket', { token: signIdentity({ orgId: 'org', principalId: 'p', scopes: [] }, INTERNAL_TOKEN) }],
  ])('refuses a socket %s with connect_error UNAUTHENTICATED', async (_label, auth) => {
    const socket = io(`${service.httpUrl}/ws/security`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('connected without a valid token')));
      });
      expect(error.message).toBe('UNAUTHENTICATED');
      expect(error.data?.code).toBe('UNAUTHENTICATED');
      expect(error.data?.message).toMatch(/token/);
    } finally {
      socket.disconnect();
    }
  });

  it('accepts the token in the query string too', async () => {
    const socket = io(`${service.httpUrl}/ws/security`, { query: { token: tokenFor(randomUUID()) }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    } finally {
      socket.disconnect();
    }
  });

  it('delivers progress, findings and completion of a subscribed analysis, and nothing to another org', async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const analysisId = randomUUID();
    const a = await client('/ws/security', orgA);
    const b = await client('/ws/security', orgB);
    // The other org subscribes to the very same analysis id: rooms are org-scoped, so it still gets nothing.
    await expect(send(a, 'SUBSCRIBE_ANALYSIS', { analysisId })).resolves.toEqual({ ok: true });
    await expect(send(b, 'SUBSCRIBE_ANALYSIS', { analysisId })).resolves.toEqual({ ok: true });

    const progressEvent = progress(orgA, 'shop-api', analysisId, 40);
    const finding = createDomainEvent({
      type: 'finding.detected',
      orgId: orgA,
      projectId: 'shop-api',
      correlationId: randomUUID(),
      data: {
        analysisId,
        findingId: randomUUID(),
        ruleId: 'API1-BOLA',
        title: 'Object id enumerable',
        severity: 'high',
        owaspCategory: 'API1:2023',
        cweId: 'CWE-639',
        location: 'GET /orders/{id}',
        fingerprint: 'fp-1',
      },
    });
    const failed = createDomainEvent({ type: 'analysis.failed', orgId: orgA, projectId: 'shop-api', correlationId: randomUUID(), data: { analysisId, status: 'FAILED', reason: 'target unreachable' } });
    await publisher.publish([progressEvent, finding, failed]);

    await waitFor(() => a.of('ANALYSIS_COMPLETED').length === 1);
    expect(a.of('ANALYSIS_PROGRESS').map((m) => m.payload)).toEqual([
      { id: progressEvent.id, type: 'analysis.progress', occurredAt: progressEvent.occurredAt, projectId: 'shop-api', data: progressEvent.data },
    ]);
    expect(a.of('SECURITY_FINDING').map((m) => m.payload)).toEqual([
      { id: finding.id, type: 'finding.detected', occurredAt: finding.occurredAt, projectId: 'shop-api', data: finding.data },
    ]);
    expect(a.of('ANALYSIS_COMPLETED')[0]?.payload).toMatchObject({ id: failed.id, type: 'analysis.failed', status: 'FAILED' });

    // Org B's own event reaches B (so B's silence above is isolation, not a dead socket) and not A.
    const forB = progress(orgB, 'shop-api', analysisId, 10);
    await publisher.publish([forB]);
    await waitFor(() => b.of('ANALYSIS_PROGRESS').length === 1);
    expect(b.of('ANALYSIS_PROGRESS')[0]?.payload.id).toBe(forB.id);
    expect(b.of('SECURITY_FINDING')).toHaveLength(0);
    expect(b.of('ANALYSIS_COMPLETED')).toHaveLength(0);
    expect(a.of('ANALYSIS_PROGRESS')).toHaveLength(1);
  });

  it("pushes what the owner's preferences ask for, keeps them for later connections, and refuses bad ones", async () => {
    const orgId = randomUUID();
    const analysisId = randomUUID();
    const first = await client('/ws/security', orgId);
    await expect(send(first, 'GET_PREFERENCES')).resolves.toEqual({ ok: true, data: { progress: true, minSeverity: 'info' } });
    await send(first, 'SUBSCRIBE_PROJECT', { projectId: 'shop-api' });
    await expect(send(first, 'SET_PREFERENCES', { progress: false, minSeverity: 'high' })).resolves.toEqual({ ok: true, data: { progress: false, minSeverity: 'high' } });
    // Subscribed after the change: the analysis follows the new preferences too.
    await send(first, 'SUBSCRIBE_ANALYSIS', { analysisId });

    const finding = (severity: 'low' | 'high' | 'critical') =>
      createDomainEvent({
        type: 'finding.detected',
        orgId,
        projectId: 'shop-api',
        correlationId: randomUUID(),
        data: { analysisId, findingId: randomUUID(), ruleId: `rule.${severity}`, title: severity, severity, owaspCategory: 'API8:2023', cweId: 'CWE-16', location: 'GET /', fingerprint: `fp-${severity}` },
      });
    const high = finding('high');
    const critical = finding('critical');
    const completed = createDomainEvent({ type: 'analysis.cancelled', orgId, projectId: 'shop-api', correlationId: randomUUID(), data: { analysisId, status: 'CANCELLED' } });
    await publisher.publish([progress(orgId, 'shop-api', analysisId, 50), finding('low'), high, critical, completed]);
    await waitFor(() => first.of('ANALYSIS_COMPLETED').length === 1);
    expect(first.of('SECURITY_FINDING').map((m) => m.payload.id)).toEqual([high.id, critical.id]);
    expect(first.of('ANALYSIS_PROGRESS')).toHaveLength(0);

    // A later connection of the same person starts with them; another person has the defaults.
    const later = await client('/ws/integrations', orgId);
    await expect(send(later, 'GET_PREFERENCES')).resolves.toEqual({ ok: true, data: { progress: false, minSeverity: 'high' } });
    const someoneElse = await connect(service, '/ws/security', signIdentity({ orgId, principalId: 'user-other', scopes: [] }, INTERNAL_TOKEN, Date.now(), 'realtime'));
    clients.push(someoneElse);
    await expect(send(someoneElse, 'GET_PREFERENCES')).resolves.toEqual({ ok: true, data: { progress: true, minSeverity: 'info' } });

    for (const bad of [{}, { minSeverity: 'urgent' }, { progress: 'yes' }, { progress: true, theme: 'dark' }, 'high']) {
      await expect(send(first, 'SET_PREFERENCES', bad)).resolves.toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_PAYLOAD' }) });
    }
    await expect(send(first, 'GET_PREFERENCES')).resolves.toEqual({ ok: true, data: { progress: false, minSeverity: 'high' } });
  });

  it('drops redelivered and stale events, and stops delivering after UNSUBSCRIBE_ANALYSIS', async () => {
    const orgId = randomUUID();
    const analysisId = randomUUID();
    const subscriber = await client('/ws/security', orgId);
    await send(subscriber, 'SUBSCRIBE_ANALYSIS', { analysisId });
    const first = progress(orgId, 'p1', analysisId, 10);
    await publisher.publish([first, first]);
    const marker = progress(orgId, 'p1', analysisId, 20);
    await publisher.publish([marker]);
    await waitFor(() => subscriber.of('ANALYSIS_PROGRESS').length >= 2);
    expect(subscriber.of('ANALYSIS_PROGRESS').map((m) => m.payload.id)).toEqual([first.id, marker.id]);

    // An event from long ago (the consumer catching up after an outage) is not pushed.
    const stale = { ...progress(orgId, 'p1', analysisId, 15), occurredAt: new Date(Date.now() - 3_600_000).toISOString() } as AnyDomainEvent;
    const fresh = progress(orgId, 'p1', analysisId, 25);
    await publisher.publish([stale, fresh]);
    await waitFor(() => subscriber.of('ANALYSIS_PROGRESS').length >= 3);
    expect(subscriber.of('ANALYSIS_PROGRESS').map((m) => m.payload.id)).toEqual([first.id, marker.id, fresh.id]);

    await expect(send(subscriber, 'UNSUBSCRIBE_ANALYSIS', { analysisId })).resolves.toEqual({ ok: true });
    await publisher.publish([progress(orgId, 'p1', analysisId, 30)]);
    await sleep(400);
    expect(subscriber.of('ANALYSIS_PROGRESS')).toHaveLength(3);
  });

  it('delivers analysis events to a project subscription (dashboard)', async () => {
    const orgId = randomUUID();
    const dashboard = await client('/ws/security', orgId);
    await expect(send(dashboard, 'SUBSCRIBE_PROJECT', { projectId: 'billing' })).resolves.toEqual({ ok: true });
    const completed = createDomainEvent({
      type: 'analysis.completed',
      orgId,
      projectId: 'billing',
      correlationId: randomUUID(),
      data: { analysisId: randomUUID(), status: 'COMPLETED', findingCount: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, score: 100, durationMs: 5 },
    });
    await publisher.publish([progress(orgId, 'other-project', randomUUID(), 5), completed]);
    await waitFor(() => dashboard.of('ANALYSIS_COMPLETED').length === 1);
    expect(dashboard.of('ANALYSIS_COMPLETED')[0]?.payload).toMatchObject({ id: completed.id, status: 'COMPLETED', projectId: 'billing' });
    expect(dashboard.of('ANALYSIS_PROGRESS')).toHaveLength(0);
  });

  it('answers unknown and malformed messages with ERROR and keeps the socket open', async () => {
    const subscriber = await client('/ws/security', randomUUID());
    const unknown = await send(subscriber, 'DELETE_EVERYTHING', { x: 1 });
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_MESSAGE' }) });
    subscriber.socket.emit('NO_ACK_AT_ALL');
    const malformed = await send(subscriber, 'SUBSCRIBE_ANALYSIS', { analysisId: 'not-a-uuid' });
    expect(malformed).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('analysisId') }) });
    const missing = await send(subscriber, 'SUBSCRIBE_ANALYSIS');
    expect(missing.error?.code).toBe('INVALID_PAYLOAD');
    const badProject = await send(subscriber, 'SUBSCRIBE_PROJECT', { projectId: '../../etc' });
    expect(badProject.error?.code).toBe('INVALID_PAYLOAD');
    // This ticket's key has no analyses:write scope: refused before any call to the analysis service.
    const start = await send(subscriber, 'START_ANALYSIS', { projectId: 'p', targetUrl: 'http://127.0.0.1' });
    expect(start).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('analyses:write') }) });

    await waitFor(() => subscriber.of('ERROR').length === 6);
    expect(subscriber.of('ERROR').map((m) => m.payload.code)).toEqual(['UNKNOWN_MESSAGE', 'UNKNOWN_MESSAGE', 'INVALID_PAYLOAD', 'INVALID_PAYLOAD', 'INVALID_PAYLOAD', 'FORBIDDEN']);
    expect(subscriber.socket.connected).toBe(true);
    await expect(send(subscriber, 'SUBSCRIBE_ANALYSIS', { analysisId: randomUUID() })).resolves.toEqual({ ok: true });
  });

  it('pushes integration status changes to the org on /ws/integrations', async () => {
    const orgId = randomUUID();
    const mine = await client('/ws/integrations', orgId);
    const other = await client('/ws/integrations', randomUUID());
    const security = await client('/ws/security', orgId);
    const event = createDomainEvent({
      type: 'integration.status_changed',
      orgId,
      projectId: 'shop-api',
      correlationId: randomUUID(),
      data: { integrationId: randomUUID(), status: 'ERROR', previousStatus: 'ACTIVE', message: 'token revoked' },
    });
    await publisher.publish([event]);
    await waitFor(() => mine.of('INTEGRATION_STATUS').length === 1);
    expect(mine.of('INTEGRATION_STATUS')[0]?.payload).toMatchObject({ id: event.id, data: { status: 'ERROR' } });
    await sleep(200);
    expect(other.of('INTEGRATION_STATUS')).toHaveLength(0);
    expect(security.of('INTEGRATION_STATUS')).toHaveLength(0);
  });

  it('shares rooms between instances: each event reaches clients on both instances exactly once', async () => {
    const second = await bootstrapNotificationService(env());
    try {
      const orgId = randomUUID();
      const analysisId = randomUUID();
      const onFirst = await client('/ws/security', orgId, service);
      const onSecond = await client('/ws/security', orgId, second);
      await send(onFirst, 'SUBSCRIBE_ANALYSIS', { analysisId });
      await send(onSecond, 'SUBSCRIBE_ANALYSIS', { analysisId });
      // Following the project too: each message goes to the analysis' and the project's rooms, and
      // the second instance must still deliver it once.
      await send(onSecond, 'SUBSCRIBE_PROJECT', { projectId: 'p' });
      // Whichever instance's consumer takes an event, one of the two clients sits on the other instance.
      // One at a time, so both consumers take some (Redis hands entries to blocked readers in turn).
      const events = [10, 20, 30, 40, 50, 60].map((percent) => progress(orgId, 'p', analysisId, percent));
      for (const [index, event] of events.entries()) {
        await publisher.publish([event]);
        await waitFor(() => onFirst.of('ANALYSIS_PROGRESS').length > index && onSecond.of('ANALYSIS_PROGRESS').length > index);
      }
      await sleep(200);
      const ids = events.map((event) => event.id).sort();
      expect(onFirst.of('ANALYSIS_PROGRESS').map((m) => String(m.payload.id)).sort()).toEqual(ids);
      expect(onSecond.of('ANALYSIS_PROGRESS').map((m) => String(m.payload.id)).sort()).toEqual(ids);
    } finally {
      await second.close();
    }
  });

  it("a person's other open connections, on this instance and another, follow a change of preferences", async () => {
    const second = await bootstrapNotificationService(env());
    try {
      const orgId = randomUUID();
      const analysisId = randomUUID();
      const changer = await client('/ws/security', orgId, service);
      const sameInstance = await client('/ws/security', orgId, service);
      const otherInstance = await client('/ws/security', orgId, second);
      const feed = await client('/ws/integrations', orgId, second);
      const colleague = await connect(second, '/ws/security', signIdentity({ orgId, principalId: 'user-colleague', scopes: [] }, INTERNAL_TOKEN, Date.now(), 'realtime'));
      clients.push(colleague);
      for (const follower of [sameInstance, otherInstance, colleague]) await send(follower, 'SUBSCRIBE_ANALYSIS', { analysisId });

      await expect(send(changer, 'SET_PREFERENCES', { progress: false })).resolves.toEqual({ ok: true, data: { progress: false, minSeverity: 'info' } });
      const expected = { ok: true, data: { progress: false, minSeverity: 'info' } };
      await expect(send(sameInstance, 'GET_PREFERENCES')).resolves.toEqual(expected);
      for (const other of [otherInstance, feed]) {
        let seen: unknown;
        await waitFor(async () => {
          seen = await send(other, 'GET_PREFERENCES');
          return JSON.stringify(seen) === JSON.stringify(expected);
        });
      }
      // Someone else in the org keeps their own preferences.
      await expect(send(colleague, 'GET_PREFERENCES')).resolves.toEqual({ ok: true, data: { progress: true, minSeverity: 'info' } });

      // The rooms followed the change too: no progress for the person's sockets, progress for the colleague.
      const completed = createDomainEvent({ type: 'analysis.cancelled', orgId, projectId: 'p', correlationId: randomUUID(), data: { analysisId, status: 'CANCELLED' } });
      await publisher.publish([progress(orgId, 'p', analysisId, 40), completed]);
      await waitFor(() => [sameInstance, otherInstance, colleague].every((follower) => follower.of('ANALYSIS_COMPLETED').length === 1));
      expect(sameInstance.of('ANALYSIS_PROGRESS')).toHaveLength(0);
      expect(otherInstance.of('ANALYSIS_PROGRESS')).toHaveLength(0);
      expect(colleague.of('ANALYSIS_PROGRESS')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('close() disconnects its sockets and can be called twice', async () => {
    const own = await bootstrapNotificationService(env());
    const subscriber = await connect(own, '/ws/security', tokenFor(randomUUID()));
    const disconnected = new Promise<string>((resolve) => subscriber.socket.once('disconnect', resolve));
    await Promise.all([own.close(), own.close()]);
    await expect(disconnected).resolves.toBe('io server disconnect');
    // The other instance keeps serving.
    const still = await client('/ws/security', randomUUID());
    expect(still.socket.connected).toBe(true);
  });
});
