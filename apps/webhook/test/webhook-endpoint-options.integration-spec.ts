import { createPublicKey, verify } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

const noOptions = { rateLimitPerSecond: 0, headers: {}, filterJson: '', signingScheme: '', publicKey: '', ordered: false };

describe('Webhook service - secret rotation, ed25519, headers, filters, enabled flag', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];
  let counter = 0;

  async function receiver() {
    const started = await new WebhookReceiver().start();
    receivers.push(started);
    return started;
  }

  function failed(orgId: string) {
    return harness.event('analysis.failed', orgId, { analysisId: `opt-${++counter}`, status: 'FAILED', reason: 'boom' });
  }

  function completed(orgId: string) {
    return harness.event('analysis.completed', orgId, {
      analysisId: `opt-${++counter}`,
      status: 'COMPLETED',
      findingCount: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      score: 100,
      durationMs: 10,
    });
  }

  const update = (id: string, fields: Record<string, unknown>) => ({
    id,
    eventTypes: [],
    replaceEventTypes: false,
    headers: {},
    replaceHeaders: false,
    ...fields,
  });

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,100' });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('signs with both secrets during the rotation grace period, then with the new one only', async () => {
    const org = 'org-opt-rotate';
    const partner = await receiver();
    const created = await harness.admin.createEndpoint({ url: partner.url, eventTypes: ['*'] }, harness.metadata(org));
    const oldSecret = created.secret;
    const rotated = await harness.adminRpc.call(
      'rotateEndpointSecret',
      { id: created.endpoint!.id, graceSeconds: 2 },
      harness.metadata(org),
    );
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(oldSecret);

    await harness.publish(completed(org));
    const during = await eventually('the delivery during the grace period', async () => partner.requests[0]);
    const headers = during.headers as Record<string, string>;
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(() => new Webhook(oldSecret).verify(during.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(during.body, headers)).not.toThrow();

    await sleep(Math.max(0, Date.parse(rotated.previousSecretExpiresAt) - Date.now()) + 100);
    await harness.publish(completed(org));
    const after = await eventually('the delivery after the grace period', async () => partner.requests[1]);
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders['webhook-signature']).toMatch(/^v1,\S+$/);
    expect(() => new Webhook(rotated.secret).verify(after.body, afterHeaders)).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(after.body, afterHeaders)).toThrow();
  }, 15_000);

  it('signs v1a with ed25519 when the endpoint chooses it, verifiable with the public key', async () => {
    const org = 'org-opt-ed25519';
    const partner = await receiver();
    const created = await harness.admin.createEndpoint(
      { url: partner.url, eventTypes: ['*'], options: { ...noOptions, signingScheme: 'ed25519' } },
      harness.metadata(org),
    );
    expect(created.secret).toBe('');
    const publicKey = created.endpoint!.options!.publicKey;
    expect(publicKey).toMatch(/^whpk_/);
    await harness.publish(completed(org));
    const request = await eventually('the signed delivery', async () => partner.requests[0]);
    const headers = request.headers as Record<string, string>;
    const [scheme, signature] = headers['webhook-signature']!.split(',');
    expect(scheme).toBe('v1a');
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey.slice(5), 'base64').toString('base64url') },
      format: 'jwk',
    });
    const signed = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${request.body}`);
    expect(verify(null, signed, key, Buffer.from(signature!, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(`${signed.toString()} `), key, Buffer.from(signature!, 'base64'))).toBe(false);
  });

  it('sends custom headers and only the events the payload filter matches', async () => {
    const org = 'org-opt-filter';
    const partner = await receiver();
    await harness.admin.createEndpoint(
      {
        url: partner.url,
        eventTypes: ['analysis.*'],
        options: { ...noOptions, headers: { 'X-Tenant': 'acme' }, filterJson: '{"data":{"status":"FAILED"}}' },
      },
      harness.metadata(org),
    );
    const matching = failed(org);
    await harness.publish(completed(org), matching, completed(org));
    const request = await eventually('the filtered delivery', async () => partner.requests[0]);
    await sleep(500);
    expect(partner.requests).toHaveLength(1);
    expect(JSON.parse(request.body).id).toBe(matching.id);
    expect(request.headers['x-tenant']).toBe('acme');
  });

  it('stops and resumes deliveries with the enabled flag, and validates updates', async () => {
    const org = 'org-opt-enabled';
    const partner = await receiver();
    const created = await harness.admin.createEndpoint({ url: partner.url, eventTypes: ['*'] }, harness.metadata(org));
    const id = created.endpoint!.id;
    const disabled = await harness.adminRpc.call('updateEndpoint', update(id, { enabled: false }), harness.metadata(org));
    expect(disabled.endpoint).toMatchObject({ enabled: false, disabledReason: 'disabled by the owner' });
    await harness.publish(completed(org));
    await sleep(500);
    expect(partner.requests).toHaveLength(0);

    const enabled = await harness.graphql(
      `mutation($id: ID!, $headers: JSONObject) { updateWebhookEndpoint(id: $id, input: { enabled: true, rateLimitPerSecond: 50, headers: $headers }) { enabled rateLimitPerSecond headers disabledReason } }`,
      { id, headers: { 'x-env': 'prod' } },
      org,
    );
    expect(enabled.body.errors).toBeUndefined();
    expect(enabled.body.data?.updateWebhookEndpoint).toEqual({
      enabled: true,
      rateLimitPerSecond: 50,
      headers: { 'x-env': 'prod' },
      disabledReason: null,
    });
    await harness.publish(completed(org));
    const request = await eventually('the delivery after re-enabling', async () => partner.requests[0]);
    expect(request.headers['x-env']).toBe('prod');

    const invalid = await harness.graphql(
      `mutation($id: ID!, $headers: JSONObject) { updateWebhookEndpoint(id: $id, input: { eventTypes: [], headers: $headers }) { id } }`,
      { id, headers: { 'webhook-id': 'x' } },
      org,
    );
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', errorCode: 'WEBHOOK.INVALID_ENDPOINT' });
    const foreign = await harness.graphql(
      `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }`,
      { id },
      `${org}-other`,
    );
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
