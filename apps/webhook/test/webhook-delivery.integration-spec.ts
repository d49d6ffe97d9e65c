import type { AnyDomainEvent } from '@so/contracts';
import { Webhook } from 'standardwebhooks';
import { eventually } from './testing/eventually.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

let orgCounter = 0;
/** Each test has its own org, so endpoints created by one test never receive another test's events. */
function nextOrg(): string {
  orgCounter += 1;
  return `org-delivery-${orgCounter}`;
}

function completed(
  harness: WebhookServiceHarness,
  orgId: string,
  analysisId: string,
  projectId = 'shop-api',
): AnyDomainEvent {
  return harness.event(
    'analysis.completed',
    orgId,
    {
      analysisId,
      status: 'COMPLETED',
      findingCount: 2,
      bySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
      score: 71,
      durationMs: 1200,
    },
    projectId,
  );
}

describe('Webhook service - deliveries', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];

  async function receiver(
    reply?: ConstructorParameters<typeof WebhookReceiver>[0],
    host?: string,
  ): Promise<WebhookReceiver> {
    const started = await new WebhookReceiver(reply, host).start();
    receivers.push(started);
    return started;
  }

  async function subscribe(orgId: string, url: string, eventTypes: string[], projectId = '') {
    return harness.admin.createEndpoint({ url, eventTypes, projectId }, harness.metadata(orgId));
  }

  async function onlyMessage(eventId: string) {
    const messages = await eventually('the message row', async () => {
      const rows = await harness.messagesForEvent(eventId);
      return rows.length > 0 && rows;
    });
    expect(messages).toHaveLength(1);
    return messages[0]!;
  }

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,150,150,150' });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('delivers a published event once to a subscribed receiver, signed per Standard Webhooks', async () => {
    const org = nextOrg();
    const partner = await receiver();
    const { secret } = await subscribe(org, partner.url, ['analysis.*']);
    const event = completed(harness, org, 'analysis-signed');
    await harness.publish(event);

    const request = await eventually('the delivery', async () => partner.requests[0]);
    const headers = request.headers as Record<string, string>;
    expect(request.method).toBe('POST');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/SecurityOrchestrator/);
    expect(headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(Number(headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(new Webhook(secret).verify(request.body, headers)).toEqual(JSON.parse(request.body));
    expect(() => new Webhook(secret).verify(request.body.replace('71', '72'), headers)).toThrow();
    expect(JSON.parse(request.body)).toEqual({
      id: event.id,
      type: 'analysis.completed',
      occurredAt: event.occurredAt,
      orgId: org,
      projectId: 'shop-api',
      schemaVersion: 1,
      correlationId: event.correlationId,
      data: event.data,
    });

    const message = await eventually('delivered status', async () => {
      const row = await onlyMessage(event.id);
      return row.status === 'delivered' && row;
    });
    expect(message.id).toBe(headers['webhook-id']);
    const attempts = await harness.attempts(message.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt_number: 1, status: 'succeeded', response_status: 204, error: null });
    await sleep(500);
    expect(partner.requests).toHaveLength(1);
  });

  it('sends only matching types, only to the event org and only for the subscribed project', async () => {
    const org = nextOrg();
    const control = await receiver();
    const findings = await receiver();
    const otherOrg = await receiver();
    const otherProject = await receiver();
    await subscribe(org, control.url, ['analysis.completed'], 'shop-api');
    await subscribe(org, findings.url, ['finding.detected']);
    await subscribe(`${org}-other`, otherOrg.url, ['*']);
    await subscribe(org, otherProject.url, ['analysis.completed'], 'billing-api');
    const event = completed(harness, org, 'analysis-filtered');
    await harness.publish(event);
    await eventually('the matching endpoint to receive it', async () => control.requests[0]);
    await sleep(400);
    expect(await harness.messagesForEvent(event.id)).toHaveLength(1);
    expect(findings.requests).toHaveLength(0);
    expect(otherOrg.requests).toHaveLength(0);
    expect(otherProject.requests).toHaveLength(0);
  });

  it('retries a failing receiver and delivers exactly once after it recovers, logging every attempt', async () => {
    const org = nextOrg();
    const partner = await receiver((_request, index) =>
      index < 2
        ? { status: 500, headers: { 'x-partner-trace': `t${index}` }, body: 'down for maintenance' }
        : { status: 200, body: 'ok' },
    );
    await subscribe(org, partner.url, ['analysis.completed']);
    const event = completed(harness, org, 'analysis-flaky');
    await harness.publish(event);

    const message = await eventually('delivery after retries', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    const attempts = await harness.attempts(message.id);
    expect(attempts.map((a) => [a.attempt_number, a.status, a.response_status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'succeeded', 200],
    ]);
    expect(attempts[0]?.response_body).toBe('down for maintenance');
    expect(attempts[1]?.response_headers?.['x-partner-trace']).toBe('t1');
    expect(attempts.every((a) => a.latency_ms >= 0)).toBe(true);
    expect(message.attempt_count).toBe(3);
    expect(new Set(partner.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([message.id]));
    await sleep(500);
    expect(partner.requests).toHaveLength(3);
  });

  it('waits for Retry-After on 429 before trying again', async () => {
    const org = nextOrg();
    const partner = await receiver((_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    await subscribe(org, partner.url, ['analysis.completed']);
    await harness.publish(completed(harness, org, 'analysis-throttled'));
    await eventually('the second attempt', async () => partner.requests.length >= 2);
    const gap = partner.requests[1]!.receivedAt - partner.requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('disables an endpoint that answers 410 Gone and announces it with webhook.endpoint_disabled', async () => {
    const org = nextOrg();
    const gone = await receiver(() => ({ status: 410 }));
    const watcher = await receiver();
    const created = await subscribe(org, gone.url, ['analysis.completed']);
    await subscribe(org, watcher.url, ['webhook.endpoint_disabled']);
    const event = completed(harness, org, 'analysis-gone');
    await harness.publish(event);

    const notice = await eventually('the endpoint_disabled event at the watcher', async () => watcher.requests[0]);
    expect(JSON.parse(notice.body)).toMatchObject({
      type: 'webhook.endpoint_disabled',
      orgId: org,
      data: { endpointId: created.endpoint?.id, url: gone.url, reason: expect.stringContaining('410') },
    });
    const listed = await harness.admin.listEndpoints({}, harness.metadata(org));
    expect(listed.endpoints.find((e) => e.id === created.endpoint?.id)?.enabled).toBe(false);
    const [message] = await harness.messagesForEvent(event.id);
    expect(message?.status).toBe('failed');
    expect(await harness.attempts(message!.id)).toHaveLength(1);

    await harness.publish(completed(harness, org, 'analysis-after-gone'));
    await sleep(500);
    expect(gone.requests).toHaveLength(1);
  });

  it('treats a redirect as a failure and never follows it', async () => {
    const org = nextOrg();
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    await subscribe(org, redirecting.url, ['analysis.completed']);
    const event = completed(harness, org, 'analysis-redirect');
    await harness.publish(event);

    const message = await eventually('the retries to run out', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'failed' && row;
    });
    const attempts = await harness.attempts(message.id);
    expect(attempts).toHaveLength(4);
    expect(attempts.every((a) => a.status === 'failed' && a.response_status === 302)).toBe(true);
    expect(attempts[0]?.error).toMatch(/redirect/);
    expect(redirecting.requests).toHaveLength(4);
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a receiver on an address that is not allow-listed and records why', async () => {
    const org = nextOrg();
    const internal = await receiver(undefined, '127.0.0.2');
    await subscribe(org, internal.url, ['analysis.completed']);
    const event = completed(harness, org, 'analysis-ssrf');
    await harness.publish(event);

    const message = await eventually('the refusal', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'failed' && row;
    });
    const attempts = await harness.attempts(message.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 'failed', response_status: null });
    expect(attempts[0]?.error).toMatch(/SSRF.*127\.0\.0\.2.*loopback/);
    expect(internal.requests).toHaveLength(0);
  });

  it('creates one message per endpoint when the same event is consumed twice', async () => {
    const org = nextOrg();
    const partner = await receiver();
    await subscribe(org, partner.url, ['analysis.completed']);
    const event = completed(harness, org, 'analysis-twice');
    await harness.publish(event);
    await eventually('the first delivery', async () => partner.requests[0]);
    await harness.publish(event);
    await sleep(700);
    expect(await harness.messagesForEvent(event.id)).toHaveLength(1);
    expect(partner.requests).toHaveLength(1);
  });
});
