import { createTestDatabase, leaseTestRedis, type TestDatabase, type TestRedisLease } from '@so/testing';
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface Source {
  id: string;
  projectId: string;
  scheme: string;
  path: string;
  secret?: string;
}

interface Reply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

const GITHUB_SECRET = 'gh-webhook-secret-0123456789';

/**
 * A body whose bytes no JSON serialiser would reproduce: odd spacing, escaped and raw non-ASCII,
 * a float with trailing zeros, key order GitHub chose. A gateway that parsed and re-serialised it
 * would break the signature.
 */
function githubPayload(deliveryNote: string): Buffer {
  return Buffer.from(
    `{ "zen":"Design for failure \\u00e9 ✓",  "action" : "reanalyze",\n  "hook_id": 1.50, "note": "${deliveryNote}" }`,
    'utf8',
  );
}

function githubSignature(body: Buffer, secret = GITHUB_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('Webhooks - inbound hooks through the gateway', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let db: pg.Pool;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<Reply> => {
    const response = await fetch(`${platform.gatewayUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${platform.apiKey}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return read(response);
  };

  /** What a sender does: POST the exact bytes it signed, without any API key. */
  const deliver = async (sourceId: string, body: Buffer | string, headers: Record<string, string>): Promise<Reply> =>
    read(
      await fetch(`${platform.gatewayUrl}/api/v1/hooks/inbound/${sourceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }),
    );

  /**
   * Announces a body larger than the limit and sends none of it: the gateway must refuse on the
   * declared length alone. (Streaming 5 MiB at it races the early 413 against the upload: the
   * server may close the socket while the client is still writing, which fails the request with EPIPE.)
   */
  const announceOversizedBody = (sourceId: string, bytes: number) =>
    new Promise<{ status: number; contentType: string }>((resolve, reject) => {
      const url = new URL(`${platform.gatewayUrl}/api/v1/hooks/inbound/${sourceId}`);
      const outgoing = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes) } },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? '') });
          outgoing.destroy();
        },
      );
      outgoing.once('error', reject);
      outgoing.flushHeaders();
    });

  const createSource = async (body: Record<string, unknown>): Promise<Source> => {
    const created = await api('/api/v1/webhooks/inbound-sources', { method: 'POST', body });
    expect(created.status).toBe(201);
    return created.body as unknown as Source;
  };

  const recordedEvents = async (sourceId: string) =>
    (await db.query(`SELECT external_id, action, reanalysis_requested FROM webhook.inbound_events WHERE source_id = $1`, [sourceId])).rows as Array<{
      external_id: string;
      action: string | null;
      reanalysis_requested: boolean;
    }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url, env: { ANALYSIS_ENGINE: 'noop' } });
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('Inbound - verifies a GitHub-signed payload byte for byte, acknowledges a replay once, refuses a bad signature', async () => {
    const source = await createSource({ projectId: 'shop-api', name: 'GitHub', scheme: 'github', secret: GITHUB_SECRET });
    expect(source).toMatchObject({ scheme: 'github', path: `/api/v1/hooks/inbound/${source.id}`, secret: GITHUB_SECRET });

    const body = githubPayload('first');
    const delivery = randomUUID();
    const headers = { 'x-hub-signature-256': githubSignature(body), 'x-github-delivery': delivery, 'x-github-event': 'push' };
    const first = await deliver(source.id, body, headers);
    expect(first).toMatchObject({ status: 200, body: { duplicate: false, reanalysisRequested: true } });

    // GitHub redelivers with the same delivery id: acknowledged, recorded once.
    const replay = await deliver(source.id, body, headers);
    expect(replay).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    expect(await recordedEvents(source.id)).toEqual([{ external_id: delivery, action: 'reanalyze', reanalysis_requested: true }]);

    const forged = await deliver(source.id, githubPayload('tampered'), headers);
    expect(forged).toMatchObject({
      status: 401,
      contentType: expect.stringContaining('application/problem+json'),
      body: { status: 401, code: 'WEBHOOK.INBOUND_BAD_SIGNATURE' },
    });
    const wrongKey = await deliver(source.id, body, { ...headers, 'x-hub-signature-256': githubSignature(body, 'another-secret-0123456') });
    expect(wrongKey).toMatchObject({ status: 401, body: { code: 'WEBHOOK.INBOUND_BAD_SIGNATURE' } });
    const unsigned = await deliver(source.id, body, { 'x-github-delivery': randomUUID() });
    expect(unsigned.status).toBe(401);
    expect(await recordedEvents(source.id)).toHaveLength(1);
  });

  it('Inbound - relays the headers each scheme needs (Standard Webhooks, a custom HMAC header)', async () => {
    const standard = await createSource({ projectId: 'shop-api', name: 'Registry', scheme: 'standard-webhooks' });
    expect(standard.secret).toMatch(/^whsec_/);
    const payload = '{"type":"spec.updated","data":{"version":"2.1.0"}}';
    const messageId = `msg_${randomUUID()}`;
    const timestamp = new Date();
    const signed = {
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(standard.secret as string).sign(messageId, timestamp, payload),
    };
    expect(await deliver(standard.id, payload, signed)).toMatchObject({ status: 200, body: { duplicate: false, reanalysisRequested: false } });
    expect(await deliver(standard.id, payload, signed)).toMatchObject({ status: 200, body: { duplicate: true } });
    const stale = { ...signed, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000) - 3600) };
    expect((await deliver(standard.id, payload, stale)).status).toBe(401);

    const ci = await createSource({ projectId: 'shop-api', name: 'CI', scheme: 'hmac-header', signatureHeader: 'X-CI-Signature' });
    const ts = String(Math.floor(Date.now() / 1000));
    const ciBody = '{"action":"reanalyze","pipeline":42}';
    const mac = createHmac('sha256', ci.secret as string).update(`${ts}.${ciBody}`).digest('hex');
    const accepted = await deliver(ci.id, ciBody, { 'x-ci-signature': mac, 'x-timestamp': ts, 'x-event-id': 'pipeline-42' });
    expect(accepted).toMatchObject({ status: 200, body: { duplicate: false, reanalysisRequested: true } });
    expect(await recordedEvents(ci.id)).toEqual([{ external_id: 'pipeline-42', action: 'reanalyze', reanalysis_requested: true }]);
  });

  it('Inbound - bounds what it accepts: unknown source, media type, size; sources are listed and deleted', async () => {
    const source = await createSource({ projectId: 'payments', name: 'GitHub payments', scheme: 'github', secret: GITHUB_SECRET });
    const body = githubPayload('limits');
    const headers = { 'x-hub-signature-256': githubSignature(body), 'x-github-delivery': randomUUID() };

    expect(await deliver(randomUUID(), body, headers)).toMatchObject({ status: 404, body: { code: 'WEBHOOK.INBOUND_SOURCE_NOT_FOUND' } });
    expect((await deliver('not-a-source', body, headers)).status).toBe(400);
    expect(await deliver(source.id, body, { ...headers, 'content-type': 'text/plain' })).toMatchObject({
      status: 415,
      contentType: expect.stringContaining('application/problem+json'),
    });
    expect(await announceOversizedBody(source.id, 5 * 1024 * 1024 + 1)).toMatchObject({
      status: 413,
      contentType: expect.stringContaining('application/problem+json'),
    });
    // Signed, but not JSON: the signature holds, the content is refused.
    const notJson = Buffer.from('{"unterminated": ');
    expect(await deliver(source.id, notJson, { ...headers, 'x-hub-signature-256': githubSignature(notJson) })).toMatchObject({
      status: 400,
      body: { code: 'WEBHOOK.INBOUND_MALFORMED' },
    });

    const listed = await api('/api/v1/webhooks/inbound-sources?projectId=payments');
    expect((listed.body.items as Source[]).map((item) => item.id)).toEqual([source.id]);
    expect(listed.body.items).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect((await api(`/api/v1/webhooks/inbound-sources/${source.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await deliver(source.id, body, headers)).status).toBe(404);
    expect((await api(`/api/v1/webhooks/inbound-sources/${source.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

async function read(response: Response): Promise<Reply> {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
