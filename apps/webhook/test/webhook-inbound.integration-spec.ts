import { status } from '@grpc/grpc-js';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

const ORG = 'org-inbound';

describe('Webhook service - inbound webhooks', () => {
  const harness = new WebhookServiceHarness();

  beforeAll(async () => {
    await harness.start({});
  });

  afterAll(async () => {
    await harness.stop();
  });

  async function post(sourceId: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${harness.service.httpUrl}/hooks/inbound/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  }

  async function createSource(fields: Record<string, unknown>) {
    return harness.inbound.call(
      'createInboundSource',
      { projectId: 'shop-api', name: 'ci', scheme: 'standard-webhooks', signatureHeader: '', toleranceSeconds: 0, secret: '', ...fields },
      harness.metadata(ORG),
    );
  }

  async function inboundEvents(sourceId: string) {
    const { rows } = await harness.db.query(
      `SELECT external_id, action, reanalysis_requested, org_id, project_id FROM webhook.inbound_events WHERE source_id = $1`,
      [sourceId],
    );
    return rows as Array<{ external_id: string; action: string | null; reanalysis_requested: boolean; org_id: string; project_id: string }>;
  }

  it('accepts a Standard Webhooks event once, acknowledges its replay, and records a re-analysis request', async () => {
    const { source, secret } = await createSource({});
    expect(secret).toMatch(/^whsec_/);
    expect(source?.path).toBe(`/api/v1/hooks/inbound/${source?.id}`);
    const body = JSON.stringify({ action: 'reanalyze', ref: 'main' });
    const signed = (id: string) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, new Date(), body),
    });
    const headers = signed('evt_1');
    const first = await post(source!.id, body, headers);
    expect(first).toMatchObject({ status: 200, body: { duplicate: false, reanalysisRequested: true } });
    const replay = await post(source!.id, body, headers);
    expect(replay).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    expect(await inboundEvents(source!.id)).toEqual([
      { external_id: 'evt_1', action: 'reanalyze', reanalysis_requested: true, org_id: ORG, project_id: 'shop-api' },
    ]);

    const forged = await post(source!.id, body.replace('main', 'evil'), signed('evt_2'));
    expect(forged.status).toBe(401);
    expect(forged.type).toMatch(/application\/problem\+json/);
    expect(forged.body.code).toBe('WEBHOOK.INBOUND_BAD_SIGNATURE');
    const stale = { ...signed('evt_3'), 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
    expect((await post(source!.id, body, stale)).status).toBe(401);
    expect(await inboundEvents(source!.id)).toHaveLength(1);
  });

  it('verifies GitHub X-Hub-Signature-256 with the secret the sender chose', async () => {
    const { source } = await createSource({ scheme: 'github', secret: 'my-github-secret-42' });
    const body = JSON.stringify({ action: 'opened', number: 7 });
    const signature = `sha256=${createHmac('sha256', 'my-github-secret-42').update(body).digest('hex')}`;
    const ok = await post(source!.id, body, { 'x-hub-signature-256': signature, 'x-github-delivery': 'gh-1' });
    expect(ok).toMatchObject({ status: 200, body: { duplicate: false, reanalysisRequested: false } });
    const bad = await post(source!.id, body, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-github-delivery': 'gh-2' });
    expect(bad.status).toBe(401);
    expect(await inboundEvents(source!.id)).toEqual([expect.objectContaining({ external_id: 'gh-1', action: 'opened' })]);
  });

  it('verifies a generic HMAC header and answers malformed bodies and unknown sources with problem+json', async () => {
    const { source, secret } = await createSource({ scheme: 'hmac-header', signatureHeader: 'X-Registry-Signature' });
    const sign = (text: string, ts = String(Math.floor(Date.now() / 1000))) => ({
      'x-registry-signature': createHmac('sha256', secret).update(`${ts}.${text}`).digest('hex'),
      'x-timestamp': ts,
    });
    const body = JSON.stringify({ id: 'spec-v2', action: 'reanalyze' });
    expect(await post(source!.id, body, sign(body))).toMatchObject({ status: 200, body: { reanalysisRequested: true } });
    expect(await post(source!.id, body, sign(body))).toMatchObject({ status: 200, body: { duplicate: true } });

    const array = await post(source!.id, '[1,2]', sign('[1,2]'));
    expect(array).toMatchObject({ status: 400, body: { code: 'WEBHOOK.INBOUND_MALFORMED' } });
    expect((await post(source!.id, '{"broken"', sign('{"broken"'))).status).toBe(400);
    const unknown = await post('00000000-0000-4000-8000-000000000000', body, sign(body));
    expect(unknown).toMatchObject({ status: 404, body: { code: 'WEBHOOK.INBOUND_SOURCE_NOT_FOUND' } });
    expect(unknown.type).toMatch(/application\/problem\+json/);
    expect((await post('not-a-uuid', body, sign(body))).status).toBe(404);
  });

  it('manages sources over gRPC and GraphQL, scoped to the org, with validation', async () => {
    let code = 0;
    await createSource({ scheme: 'svn', projectId: 'Bad Key' }).catch((error: { code: number }) => (code = error.code));
    expect(code).toBe(status.INVALID_ARGUMENT);
    const created = await harness.graphql(
      `mutation { createInboundWebhookSource(input: { projectId: "billing", name: "registry", scheme: "github" }) { secret source { id path scheme } } }`,
      {},
      ORG,
    );
    const source = (created.body.data?.createInboundWebhookSource as { source: { id: string; scheme: string } }).source;
    expect(source.scheme).toBe('github');
    const listed = await harness.inbound.call('listInboundSources', { projectId: 'billing' }, harness.metadata(ORG));
    expect(listed.sources.map((s) => s.id)).toEqual([source.id]);
    const foreign = await harness.inbound.call('listInboundSources', { projectId: '' }, harness.metadata('org-other'));
    expect(foreign.sources).toHaveLength(0);
    await harness.inbound.call('deleteInboundSource', { id: source.id }, harness.metadata(ORG));
    const gone = await post(source.id, '{}', { 'x-hub-signature-256': 'sha256=00' });
    expect(gone.status).toBe(404);
  });
});
