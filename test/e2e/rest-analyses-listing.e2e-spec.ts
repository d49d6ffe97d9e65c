import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface ListPage {
  items: Array<{ analysisId: string; projectId: string; status: string; metrics: unknown; links: { self: string } }>;
  nextCursor: string | null;
  links: { next: string | null };
}

/** `GET /api/v1/security/analyses` through the gateway, over analyses the platform really ran. */
describe('REST gateway - analysis listing', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  const started: Array<{ id: string; project: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await startHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
    for (const project of ['list-a', 'list-b', 'list-a', 'list-a', 'list-b']) {
      const response = await fetch(`${platform.gatewayUrl}/api/v1/analyze/security`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ projectId: project, targetUrl: target.url }),
      });
      expect(response.status).toBe(202);
      started.push({ id: ((await response.json()) as { analysisId: string }).analysisId, project });
    }
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await target?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  const get = async (path: string) => {
    const response = await fetch(`${platform.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as ListPage & { code?: string; errors?: Array<{ field: string }> } };
  };

  it('follows links.next through every page, newest first, and filters by project and status', async () => {
    // Wait until all five completed, so the status filter has something to find.
    await waitFor(async () => (await get('/api/v1/security/analyses?status=COMPLETED&limit=100')).body.items.length === 5, 60_000, 200);

    const seen: string[] = [];
    let next: string | null = '/api/v1/security/analyses?limit=2';
    let pages = 0;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.analysisId));
      next = page.body.links.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(started.map((analysis) => analysis.id).reverse());

    const onlyA = await get('/api/v1/security/analyses?projectId=list-a&sort=createdAt');
    expect(onlyA.body.items.map((item) => item.analysisId)).toEqual(started.filter((a) => a.project === 'list-a').map((a) => a.id));
    expect(onlyA.body.items[0]).toMatchObject({ projectId: 'list-a', status: 'COMPLETED', metrics: expect.any(Object) });
    expect(onlyA.body.items[0]).not.toHaveProperty('findings');

    const failed = await get('/api/v1/security/analyses?status=FAILED,CANCELLED');
    expect(failed.body.items).toEqual([]);
    const future = await get('/api/v1/security/analyses?createdFrom=2999-01-01T00:00:00Z');
    expect(future.body.items).toEqual([]);
  }, 90_000);

  it('refuses bad parameters with problem+json naming them', async () => {
    const badStatus = await get('/api/v1/security/analyses?status=DONE');
    expect(badStatus.status).toBe(400);
    expect(badStatus.type).toContain('application/problem+json');
    expect(badStatus.body.errors?.[0]?.field).toMatch(/^status/);
    expect((await get('/api/v1/security/analyses?limit=1000')).status).toBe(400);
    expect((await get('/api/v1/security/analyses?sort=name')).status).toBe(400);
    expect((await get('/api/v1/security/analyses?createdFrom=yesterday')).status).toBe(400);
    expect((await get('/api/v1/security/analyses?cursor=forged')).status).toBe(400);
    expect((await get('/api/v1/security/analyses?projectid=typo')).status).toBe(400);
    const noKey = await fetch(`${platform.gatewayUrl}/api/v1/security/analyses`);
    expect(noKey.status).toBe(401);
  });
});
