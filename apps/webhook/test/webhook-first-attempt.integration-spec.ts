import type { AnyDomainEvent } from '@so/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

let orgCounter = 0;
function nextOrg(): string {
  orgCounter += 1;
  return `org-first-attempt-${orgCounter}`;
}

/**
 * The first attempt of a message to an unordered endpoint is sent straight from the fan-out (the
 * message row is inserted claimed by the process); failures, throttled attempts and messages whose
 * sender died go through the queue.
 */
describe('Webhook service - first attempts sent at fan-out', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];
  const SCHEDULE = [0, 400, 400];

  async function receiver(reply?: ConstructorParameters<typeof WebhookReceiver>[0]): Promise<WebhookReceiver> {
    const started = await new WebhookReceiver(reply).start();
    receivers.push(started);
    return started;
  }

  async function subscribe(orgId: string, url: string): Promise<string> {
    const created = await harness.admin.createEndpoint(
      { url, eventTypes: ['analysis.completed'] },
      harness.metadata(orgId),
    );
    return created.endpoint!.id;
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

  /** The row a process leaves behind when it dies after the fan-out committed its claim. */
  async function insertClaimedMessage(orgId: string, endpointId: string, event: AnyDomainEvent, claimedAgoMs: number) {
    const id = `msg_crashed-${event.id}`;
    await harness.db.query(
      `INSERT INTO webhook.messages (id, org_id, endpoint_id, event_id, event_type, project_id, payload, claimed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now() - $8::int * interval '1 millisecond')`,
      [id, orgId, endpointId, event.id, event.type, event.projectId, JSON.stringify(event), claimedAgoMs],
    );
    return id;
  }

  async function claimOf(messageId: string): Promise<Date | null> {
    const result = await harness.db.query(`SELECT claimed_at FROM webhook.messages WHERE id = $1`, [messageId]);
    return (result.rows[0] as { claimed_at: Date | null }).claimed_at;
  }

  beforeAll(async () => {
    await harness.start({
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE_MS: SCHEDULE.join(','),
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_CLAIM_TIMEOUT_MS: '2000',
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('sends the first attempt without a queue job and records it', async () => {
    const org = nextOrg();
    const partner = await receiver();
    await subscribe(org, partner.url);
    const event = completed(org, 'a-direct');
    await harness.publish(event);

    const message = await eventually('the delivery', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    expect(partner.requests).toHaveLength(1);
    expect(partner.requests[0]?.headers['webhook-id']).toBe(message.id);
    expect(await harness.attempts(message.id)).toEqual([
      expect.objectContaining({ attempt_number: 1, status: 'succeeded', response_status: 204 }),
    ]);
    expect(await harness.redis.exists(`bull:webhook-delivery:${message.id}`)).toBe(0);
  });

  it('puts a failed first attempt on the retry schedule under the same webhook-id, and releases the claim', async () => {
    const org = nextOrg();
    const partner = await receiver((_request, index) =>
      index === 0 ? { status: 503, body: 'busy' } : { status: 204 },
    );
    await subscribe(org, partner.url);
    const event = completed(org, 'a-retried');
    await harness.publish(event);

    const message = await eventually('the delivery on the second attempt', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    const attempts = await harness.attempts(message.id);
    expect(attempts.map((a) => [a.attempt_number, a.status, a.response_status])).toEqual([
      [1, 'failed', 503],
      [2, 'succeeded', 204],
    ]);
    expect(partner.requests.map((r) => r.headers['webhook-id'])).toEqual([message.id, message.id]);
    // The retry (read back from the stored jsonb) sends the very bytes of the first attempt.
    expect(partner.requests[1]?.body).toBe(partner.requests[0]?.body);
    // The second attempt waited for the schedule's second entry (400 ms, ±10 %).
    const gap = (partner.requests[1]?.receivedAt ?? 0) - (partner.requests[0]?.receivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(SCHEDULE[1]! * 0.9 - 20);
    expect(await claimOf(message.id)).toBeNull();
    // The retry ran as a queue job under the message id.
    expect(await harness.redis.exists(`bull:webhook-delivery:${message.id}`)).toBe(1);
  });

  it('counts the first attempt against the retry budget', async () => {
    const org = nextOrg();
    const partner = await receiver(() => ({ status: 500 }));
    await subscribe(org, partner.url);
    const event = completed(org, 'a-exhausted');
    await harness.publish(event);

    const message = await eventually('the message given up', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'failed' && row;
    });
    await sleep(1_000);
    expect(partner.requests).toHaveLength(SCHEDULE.length);
    expect((await harness.attempts(message.id)).map((a) => a.attempt_number)).toEqual([1, 2, 3]);
  });

  it('queues a message whose sender died between claim and attempt, and delivers it once', async () => {
    const org = nextOrg();
    const partner = await receiver();
    const endpointId = await subscribe(org, partner.url);
    const event = completed(org, 'a-crashed');
    const messageId = await insertClaimedMessage(org, endpointId, event, 60_000);

    const delivered = await eventually('the swept message delivered', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    expect(delivered.id).toBe(messageId);
    await sleep(1_500);
    expect(partner.requests).toHaveLength(1);
    expect(partner.requests[0]?.headers['webhook-id']).toBe(messageId);
    expect(JSON.parse(partner.requests[0]?.body ?? '{}')).toMatchObject({ id: event.id, type: 'analysis.completed' });
    expect((await harness.attempts(messageId)).map((a) => [a.attempt_number, a.status])).toEqual([[1, 'succeeded']]);
  });

  it('continues the schedule of a message whose sender died after recording a failed first attempt', async () => {
    const org = nextOrg();
    const partner = await receiver();
    const endpointId = await subscribe(org, partner.url);
    const event = completed(org, 'a-crashed-after-failure');
    const messageId = await insertClaimedMessage(org, endpointId, event, 60_000);
    await harness.db.query(`UPDATE webhook.messages SET attempt_count = 1, last_response_status = 500 WHERE id = $1`, [
      messageId,
    ]);
    await harness.db.query(
      `INSERT INTO webhook.attempts (id, message_id, endpoint_id, org_id, attempt_number, status, response_status, latency_ms, error)
       VALUES (gen_random_uuid(), $1, $2, $3, 1, 'failed', 500, 5, 'HTTP 500')`,
      [messageId, endpointId, org],
    );

    await eventually('the swept message delivered', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    expect((await harness.attempts(messageId)).map((a) => [a.attempt_number, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(partner.requests).toHaveLength(1);
  });

  it('leaves a live claim alone when the event is consumed again during the attempt', async () => {
    const org = nextOrg();
    const partner = await receiver(() => ({ status: 204, delayMs: 600 }));
    await subscribe(org, partner.url);
    const event = completed(org, 'a-redelivered');
    await harness.publish(event);
    await eventually('the first attempt under way', async () => partner.requests.length === 1);
    // The same event again (as after a consumer restart), while its first attempt is still running.
    await harness.publish(event);

    await eventually('the delivery', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    await sleep(1_500);
    expect(partner.requests).toHaveLength(1);
  });
});
