import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, leaseTestRedis, startHttpServer, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import { request } from 'undici';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface Frame {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** Reads an SSE response until `until` says stop or the server ends the stream. */
async function readFrames(body: AsyncIterable<Buffer> & { destroy(): void }, until: (frames: Frame[]) => boolean): Promise<{ frames: Frame[]; ended: boolean }> {
  const frames: Frame[] = [];
  let pending = '';
  for await (const chunk of body) {
    pending += chunk.toString();
    let boundary: number;
    while ((boundary = pending.indexOf('\n\n')) >= 0) {
      const block = pending.slice(0, boundary);
      pending = pending.slice(boundary + 2);
      const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      if (fields.event) frames.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? '{}') as Record<string, unknown> });
    }
    if (until(frames)) {
      body.destroy();
      return { frames, ended: false };
    }
  }
  return { frames, ended: true };
}

/** A scan target slow enough that the stream opens before the analysis ends, with flaws to report. */
function slowVulnerableTarget(): Promise<TestHttpServer> {
  return startHttpServer((req, res) => {
    setTimeout(() => {
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    }, 100);
  });
}

/** SSE streams on the gateway: GET /api/v1/events/security/{analysisId} and /api/v1/events/dashboard. */
describe('REST gateway - server-sent events', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await slowVulnerableTarget();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await target?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  const auth = () => ({ authorization: `Bearer ${platform.apiKey}` });

  it('streams one analysis from CONNECTION_ESTABLISHED to ANALYSIS_COMPLETED, the dashboard gets its update, and a reconnect resumes', async () => {
    const dashboard = await request(`${platform.gatewayUrl}/api/v1/events/dashboard?projectId=sse-live`, { headers: auth() });
    expect(dashboard.statusCode).toBe(200);
    const dashboardFrames = readFrames(dashboard.body, (frames) => frames.some((frame) => frame.event === 'DASHBOARD_UPDATE'));

    const started = await request(`${platform.gatewayUrl}/api/v1/analyze/security`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: 'sse-live', targetUrl: target.url }),
    });
    expect(started.statusCode).toBe(202);
    const { analysisId } = (await started.body.json()) as { analysisId: string };

    const live = await request(`${platform.gatewayUrl}/api/v1/events/security/${analysisId}`, { headers: auth() });
    expect(live.statusCode).toBe(200);
    expect(live.headers['content-type']).toContain('text/event-stream');
    const { frames, ended } = await readFrames(live.body, () => false);
    expect(ended).toBe(true); // the server ends the stream after the final status
    expect(frames[0]?.event).toBe('CONNECTION_ESTABLISHED');
    const last = frames.at(-1);
    expect(last).toMatchObject({ event: 'ANALYSIS_COMPLETED', data: { analysisId, status: 'COMPLETED' } });
    expect(frames.filter((frame) => frame.event === 'ANALYSIS_COMPLETED')).toHaveLength(1);

    const board = await dashboardFrames;
    const update = board.frames.find((frame) => frame.event === 'DASHBOARD_UPDATE');
    expect(update?.data).toMatchObject({ analysisId, projectId: 'sse-live', status: 'COMPLETED' });
    expect(board.frames.some((frame) => frame.event === 'SECURITY_FINDING' && frame.data.analysisId === analysisId)).toBe(true);

    // A client that lost its connection after the first dashboard event resumes from its id.
    const firstWithId = board.frames.find((frame) => frame.id !== undefined && frame.data.analysisId === analysisId);
    expect(firstWithId?.id).toMatch(/^\d+-\d+$/);
    const resumed = await request(`${platform.gatewayUrl}/api/v1/events/security/${analysisId}`, {
      headers: { ...auth(), 'last-event-id': String(firstWithId?.id) },
    });
    const replay = await readFrames(resumed.body, () => false);
    expect(replay.ended).toBe(true);
    expect(replay.frames.filter((frame) => frame.event === 'ANALYSIS_COMPLETED')).toHaveLength(1);
    expect(replay.frames.some((frame) => frame.id === firstWithId?.id)).toBe(false); // nothing before the resume point
  }, 90_000);

  it('answers an analysis that is already over with its final state at once', async () => {
    const started = await request(`${platform.gatewayUrl}/api/v1/analyze/security`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: 'sse-done', targetUrl: target.url }),
    });
    const { analysisId } = (await started.body.json()) as { analysisId: string };
    // Wait for the end over REST, then open the stream.
    for (let attempt = 0; attempt < 200; attempt++) {
      const view = await request(`${platform.gatewayUrl}/api/v1/projects/sse-done/analysis/${analysisId}`, { headers: auth() });
      const { status } = (await view.body.json()) as { status: string };
      if (status === 'COMPLETED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stream = await request(`${platform.gatewayUrl}/api/v1/events/security/${analysisId}`, { headers: auth() });
    const { frames, ended } = await readFrames(stream.body, () => false);
    expect(ended).toBe(true);
    expect(frames.map((frame) => frame.event)).toEqual(['CONNECTION_ESTABLISHED', 'ANALYSIS_COMPLETED']);
    expect(frames[1]?.data).toMatchObject({ status: 'COMPLETED', analysisId });
  }, 60_000);

  it('refuses bad requests with problem+json before any stream opens', async () => {
    const unknown = await request(`${platform.gatewayUrl}/api/v1/events/security/00000000-0000-4000-8000-000000000000`, { headers: auth() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    await unknown.body.dump();

    const badId = await request(`${platform.gatewayUrl}/api/v1/events/security/not-a-uuid`, { headers: auth() });
    expect(badId.statusCode).toBe(400);
    await badId.body.dump();

    const noProject = await request(`${platform.gatewayUrl}/api/v1/events/dashboard`, { headers: auth() });
    expect(noProject.statusCode).toBe(400);
    await noProject.body.dump();

    const noKey = await request(`${platform.gatewayUrl}/api/v1/events/dashboard?projectId=sse-live`);
    expect(noKey.statusCode).toBe(401);
    expect(noKey.headers['content-type']).toContain('application/problem+json');
    await noKey.body.dump();
  }, 30_000);
});
