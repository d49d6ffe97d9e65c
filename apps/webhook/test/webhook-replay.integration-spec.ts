import { status } from '@grpc/grpc-js';
import type { AnyDomainEvent } from '@so/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

let orgCounter = 0;
const nextOrg = () => `org-replay-${++orgCounter}`;

async function grpcCode(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    return (error as { code: number }).code;
  }
  throw new Error('expected the call to fail');
}

describe('Webhook service - replay and dead letters', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];

  async function receiver(reply?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const started = await new WebhookReceiver(reply).start();
    receivers.push(started);
    return started;
  }

  function completed(orgId: string, analysisId: string): AnyDomainEvent {
    return harness.event('analysis.completed', orgId, {
      analysisId,
      status: 'COMPLETED',
      findingCount: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      score: 100,
      durationMs: 10,
    });
  }

  async function subscribe(orgId: string, url: string) {
    const created = await harness.admin.createEndpoint({ url, eventTypes: ['analysis.completed'] }, harness.metadata(orgId));
    return created.endpoint!.id;
  }

  async function settled(eventId: string, wanted: 'delivered' | 'failed') {
    return eventually(`message ${wanted}`, async () => {
      const [row] = await harness.messagesForEvent(eventId);
      return row?.status === wanted && row;
    });
  }

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,100' });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('resends one delivered message with the same webhook-id and logs a new attempt', async () => {
    const org = nextOrg();
    const partner = await receiver();
    await subscribe(org, partner.url);
    const event = completed(org, 'a-resend');
    await harness.publish(event);
    const message = await settled(event.id, 'delivered');

    const { message: resent } = await harness.operations.call('resendMessage', { messageId: message.id }, harness.metadata(org));
    expect(resent?.id).toBe(message.id);
    await eventually('the resent delivery', async () => partner.requests.length === 2);
    expect(partner.requests.map((r) => r.headers['webhook-id'])).toEqual([message.id, message.id]);
    const attempts = await eventually('two attempts logged', async () => {
      const rows = await harness.attempts(message.id);
      return rows.length === 2 && rows;
    });
    expect(attempts.map((a) => [a.attempt_number, a.status])).toEqual([
      [1, 'succeeded'],
      [2, 'succeeded'],
    ]);
    await sleep(300);
    expect(partner.requests).toHaveLength(2);
  });

  it('lists exhausted deliveries as dead letters and redrives them once the receiver recovers', async () => {
    const org = nextOrg();
    let down = true;
    const partner = await receiver(() => (down ? { status: 500 } : { status: 200 }));
    const endpointId = await subscribe(org, partner.url);
    const events = [completed(org, 'a-dead-1'), completed(org, 'a-dead-2')];
    await harness.publish(...events);
    for (const event of events) await settled(event.id, 'failed');

    const listed = await harness.operations.call('listDeadLetters', { endpointId, limit: 0 }, harness.metadata(org));
    expect(listed.messages.map((m) => m.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(listed.messages.every((m) => m.status === 'failed' && m.attempts === 2)).toBe(true);
    const viaGraphql = await harness.graphql(
      `query($id: ID) { webhookDeadLetters(endpointId: $id) { id eventId status attempts } }`,
      { id: endpointId },
      org,
    );
    expect((viaGraphql.body.data?.webhookDeadLetters as unknown[]).length).toBe(2);
    const otherOrg = await harness.operations.call('listDeadLetters', { endpointId, limit: 0 }, harness.metadata(`${org}-x`));
    expect(otherOrg.messages).toHaveLength(0);

    down = false;
    const { requeued } = await harness.operations.call('redriveDeadLetters', { endpointId }, harness.metadata(org));
    expect(requeued).toBe(2);
    for (const event of events) await settled(event.id, 'delivered');
    const after = await harness.operations.call('listDeadLetters', { endpointId, limit: 0 }, harness.metadata(org));
    expect(after.messages).toHaveLength(0);
    expect(partner.requests.filter((r) => r.receivedAt > 0)).toHaveLength(6);
  });

  it('recovers only the failed messages created since the given time', async () => {
    const org = nextOrg();
    let down = true;
    const partner = await receiver(() => (down ? { status: 503 } : { status: 204 }));
    const endpointId = await subscribe(org, partner.url);
    const old = completed(org, 'a-old');
    const recent = completed(org, 'a-recent');
    await harness.publish(old, recent);
    const oldMessage = await settled(old.id, 'failed');
    const recentMessage = await settled(recent.id, 'failed');
    await harness.db.query(`UPDATE webhook.messages SET created_at = now() - interval '2 hours' WHERE id = $1`, [oldMessage.id]);

    down = false;
    const since = new Date(Date.now() - 3600_000).toISOString();
    const { requeued } = await harness.operations.call('recoverMessages', { endpointId, since }, harness.metadata(org));
    expect(requeued).toBe(1);
    await settled(recent.id, 'delivered');
    await sleep(300);
    expect((await harness.messagesForEvent(old.id))[0]?.status).toBe('failed');
    expect(partner.requests.filter((r) => r.headers['webhook-id'] === recentMessage.id)).toHaveLength(3);

    const viaGraphql = await harness.graphql(
      `mutation($id: ID!, $since: DateTime!) { recoverWebhookMessages(endpointId: $id, since: $since) }`,
      { id: endpointId, since: new Date(Date.now() - 3 * 3600_000).toISOString() },
      org,
    );
    expect(viaGraphql.body.data?.recoverWebhookMessages).toBe(1);
    await settled(old.id, 'delivered');
  });

  it('resends through GraphQL and refuses bad, unknown, foreign and in-flight messages', async () => {
    const org = nextOrg();
    const partner = await receiver(() => ({ status: 200, delayMs: 400 }));
    await subscribe(org, partner.url);
    const event = completed(org, 'a-refusals');
    await harness.publish(event);
    const pending = await eventually('the message row', async () => (await harness.messagesForEvent(event.id))[0]);
    const metadata = harness.metadata(org);

    expect(await grpcCode(harness.operations.call('resendMessage', { messageId: pending.id }, metadata))).toBe(
      status.FAILED_PRECONDITION,
    );
    expect(await grpcCode(harness.operations.call('resendMessage', { messageId: 'nope' }, metadata))).toBe(
      status.INVALID_ARGUMENT,
    );
    expect(
      await grpcCode(
        harness.operations.call('resendMessage', { messageId: 'msg_00000000-0000-4000-8000-000000000000' }, metadata),
      ),
    ).toBe(status.NOT_FOUND);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(
      await grpcCode(harness.operations.call('recoverMessages', { endpointId: pending.endpoint_id, since: future }, metadata)),
    ).toBe(status.INVALID_ARGUMENT);

    await settled(event.id, 'delivered');
    expect(
      await grpcCode(harness.operations.call('resendMessage', { messageId: pending.id }, harness.metadata(`${org}-x`))),
    ).toBe(status.NOT_FOUND);
    const resent = await harness.graphql(
      `mutation($id: ID!) { resendWebhookMessage(messageId: $id) { id status } }`,
      { id: pending.id },
      org,
    );
    expect(resent.body.data?.resendWebhookMessage).toEqual({ id: pending.id, status: 'PENDING' });
    await eventually('the second delivery', async () => partner.requests.length === 2);
    const unauthenticated = await harness.graphql(`mutation { redriveWebhookDeadLetters }`);
    expect(unauthenticated.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to replay to a disabled endpoint', async () => {
    const org = nextOrg();
    const partner = await receiver(() => ({ status: 500 }));
    const endpointId = await subscribe(org, partner.url);
    const event = completed(org, 'a-disabled');
    await harness.publish(event);
    const message = await settled(event.id, 'failed');
    await harness.adminRpc.call(
      'updateEndpoint',
      { id: endpointId, eventTypes: [], replaceEventTypes: false, headers: {}, replaceHeaders: false, enabled: false },
      harness.metadata(org),
    );
    expect(await grpcCode(harness.operations.call('resendMessage', { messageId: message.id }, harness.metadata(org)))).toBe(
      status.FAILED_PRECONDITION,
    );
    expect(await grpcCode(harness.operations.call('redriveDeadLetters', { endpointId }, harness.metadata(org)))).toBe(
      status.FAILED_PRECONDITION,
    );
  });
});
