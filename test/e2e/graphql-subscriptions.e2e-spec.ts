import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface Progress {
  eventType: string;
  analysisId: string;
  status: string;
  percent: number | null;
}

/** A scan target slow enough that an analysis lasts a few seconds, with flaws the checks report. */
function slowVulnerableTarget(): Promise<TestHttpServer> {
  return startHttpServer((req, res) => {
    setTimeout(() => {
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('x-powered-by', 'Express 4.17.1');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    }, 150);
  });
}

/** Subscriptions served by the gateway over graphql-ws on /graphql, fed by the domain event stream. */
describe('GraphQL gateway - subscriptions', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await slowVulnerableTarget();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await platform?.close();
    await target?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  const wsClient = (connectionParams: Record<string, unknown>, onClosed?: (event: unknown) => void) => {
    const client = createClient({
      url: `${platform.gatewayUrl.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      on: onClosed ? { closed: onClosed } : undefined,
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    return client;
  };

  const startAnalysis = async (projectId: string) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/analyze/security`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId, targetUrl: target.url }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { analysisId: string }).analysisId;
  };

  it('analysisProgress - receives the progress of a real analysis until it completes, then the subscription ends', async () => {
    const client = wsClient({ apiKey: platform.apiKey });
    const findings: Array<{ analysisId: string; severity: string }> = [];
    const findingErrors: unknown[] = [];
    // Findings of the project, subscribed before the analysis exists: nothing can be missed.
    client.subscribe<{ realTimeFindings: { analysisId: string; severity: string } }>(
      { query: 'subscription { realTimeFindings(projectId: "gql-live") { analysisId severity ruleId } }' },
      { next: (r) => r.data && findings.push(r.data.realTimeFindings), error: (e) => findingErrors.push(e), complete: () => undefined },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const analysisId = await startAnalysis('gql-live');
    const received: Progress[] = [];
    const errors: unknown[] = [];
    let completed = false;
    client.subscribe<{ analysisProgress: Progress }>(
      { query: `subscription P($id: ID!) { analysisProgress(analysisId: $id) { eventType analysisId status percent } }`, variables: { id: analysisId } },
      { next: (r) => r.data && received.push(r.data.analysisProgress), error: (e) => errors.push(e), complete: () => (completed = true) },
    );

    await waitFor(() => completed || undefined, 60_000);
    expect(errors).toEqual([]);
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(received.every((event) => event.analysisId === analysisId)).toBe(true);
    expect(received.some((event) => event.eventType === 'analysis.progress' && event.status === 'IN_PROGRESS')).toBe(true);
    expect(received.at(-1)).toMatchObject({ eventType: 'analysis.completed', status: 'COMPLETED' });

    await waitFor(() => findings.length > 0 || undefined, 10_000);
    expect(findingErrors).toEqual([]);
    expect(findings.every((finding) => finding.analysisId === analysisId)).toBe(true);
  }, 90_000);

  it('analysisProgress - a finished analysis answers its final status at once and completes; an unknown id is NOT_FOUND', async () => {
    const client = wsClient({ apiKey: platform.apiKey });
    const analysisId = await startAnalysis('gql-late');
    const run = (id: string) =>
      new Promise<{ values: Progress[]; error?: unknown; resultErrors: Array<{ extensions?: { code?: unknown } }> }>((resolve) => {
        const values: Progress[] = [];
        // A subscription refused at subscribe time arrives as one `next` carrying errors, then `complete`.
        const resultErrors: Array<{ extensions?: { code?: unknown } }> = [];
        client.subscribe<{ analysisProgress: Progress }>(
          { query: `subscription P($id: ID!) { analysisProgress(analysisId: $id) { eventType analysisId status percent } }`, variables: { id } },
          {
            next: (r) => (r.data ? values.push(r.data.analysisProgress) : resultErrors.push(...(r.errors ?? []))),
            error: (error) => resolve({ values, error, resultErrors }),
            complete: () => resolve({ values, resultErrors }),
          },
        );
      });
    // The first subscription follows it to the end; the second opens after the end.
    expect((await run(analysisId)).values.at(-1)?.status).toBe('COMPLETED');
    const late = await run(analysisId);
    expect(late.error).toBeUndefined();
    expect(late.resultErrors).toEqual([]);
    expect(late.values).toEqual([{ eventType: 'analysis.completed', analysisId, status: 'COMPLETED', percent: 100 }]);

    const unknown = await run('6f1c1f1e-0000-4000-8000-000000000000');
    expect(unknown.values).toEqual([]);
    expect(unknown.resultErrors.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  }, 90_000);

  it('connection_init - a connection without a valid API key is closed with 4401', async () => {
    for (const params of [{}, { apiKey: 'so_live_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' }]) {
      let closed: { code?: number; reason?: string } | undefined;
      const client = wsClient(params, (event) => (closed = event as { code: number; reason: string }));
      const outcome = await new Promise<unknown>((resolve) =>
        client.subscribe({ query: 'subscription { realTimeFindings(projectId: "x") { findingId } }' }, { next: resolve, error: resolve, complete: () => resolve('complete') }),
      );
      expect(outcome).not.toBe('complete');
      await waitFor(() => closed, 5_000);
      expect(closed?.code).toBe(4401);
      expect(closed?.reason).toMatch(/^AUTH\./);
    }
  });

  it('HTTP - a subscription sent as a plain POST is refused with a code (subscriptions are websocket-only)', async () => {
    const response = await fetch(`${platform.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { realTimeFindings(projectId: "x") { findingId } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
