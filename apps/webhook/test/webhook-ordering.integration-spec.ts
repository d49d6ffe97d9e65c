import type { AnyDomainEvent } from '@so/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver, type ReceivedRequest } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

/** The analysis id carried by a delivery's body: which of the test's events it is. */
function analysisOf(request: ReceivedRequest): string {
  return (JSON.parse(request.body) as { data: { analysisId: string } }).data.analysisId;
}

/** A partner that refuses the first two attempts of `first` (HTTP 500) and accepts everything else. */
function failsTwice(first: string): WebhookReceiver {
  let refusals = 0;
  return new WebhookReceiver((request) => {
    if (analysisOf(request) === first && refusals < 2) {
      refusals += 1;
      return { status: 500 };
    }
    return { status: 204 };
  });
}

describe('Webhook service - strict per-endpoint ordering', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];
  let orgCounter = 0;

  beforeAll(async () => {
    // Retries 400 ms apart: long enough that an unordered later message overtakes the retried one.
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,400,400,400' });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.stop()));
    await harness.stop();
  });

  async function subscribe(receiver: WebhookReceiver, ordered: boolean) {
    orgCounter += 1;
    const org = `org-ordering-${orgCounter}`;
    receivers.push(await receiver.start());
    const { endpoint } = await harness.admin.createEndpoint(
      {
        url: receiver.url,
        eventTypes: ['analysis.completed'],
        options: { rateLimitPerSecond: 0, headers: {}, filterJson: '', signingScheme: '', publicKey: '', ordered },
      },
      harness.metadata(org),
    );
    expect(endpoint?.options?.ordered).toBe(ordered);
    return org;
  }

  function completed(org: string, analysisId: string): AnyDomainEvent {
    return harness.event('analysis.completed', org, {
      analysisId,
      status: 'COMPLETED',
      findingCount: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      score: 100,
      durationMs: 10,
    });
  }

  it('holds a later message back while an earlier one is retried, then delivers both in event order', async () => {
    const partner = failsTwice('first');
    const org = await subscribe(partner, true);

    await harness.publish(completed(org, 'first'), completed(org, 'second'), completed(org, 'third'));

    await eventually('all three delivered', async () => partner.requests.length >= 5);
    await sleep(600);
    // Two refused attempts of the first message, its success, then the later ones: nothing overtakes.
    expect(partner.requests.map(analysisOf)).toEqual(['first', 'first', 'first', 'second', 'third']);
    const [, , firstDelivered, second] = partner.requests;
    expect(second!.receivedAt).toBeGreaterThanOrEqual(firstDelivered!.receivedAt);
    // One at a time: the receiver never had two of this endpoint's deliveries open at once.
    expect(partner.maxInFlight).toBe(1);

    const statuses = await harness.db.query(
      `SELECT payload->'data'->>'analysisId' AS analysis, status, attempt_count FROM webhook.messages
        WHERE org_id = $1 ORDER BY seq`,
      [org],
    );
    expect(statuses.rows).toEqual([
      { analysis: 'first', status: 'delivered', attempt_count: 3 },
      { analysis: 'second', status: 'delivered', attempt_count: 1 },
      { analysis: 'third', status: 'delivered', attempt_count: 1 },
    ]);
  });

  it('lets later messages overtake a retried one on an endpoint that is not ordered', async () => {
    const partner = failsTwice('first');
    const org = await subscribe(partner, false);

    await harness.publish(completed(org, 'first'), completed(org, 'second'));

    await eventually('both delivered', async () => partner.requests.length >= 4);
    const order = partner.requests.map(analysisOf);
    // Without ordering the second message does not wait for the first one's retries.
    expect(order.indexOf('second')).toBeLessThan(order.lastIndexOf('first'));
  });

  it('moves on after an earlier message is given up, so one dead message does not block the endpoint', async () => {
    let refusals = 0;
    const partner = new WebhookReceiver((request) => {
      if (analysisOf(request) === 'doomed') {
        refusals += 1;
        return { status: 500 };
      }
      return { status: 204 };
    });
    const org = await subscribe(partner, true);

    await harness.publish(completed(org, 'doomed'), completed(org, 'after'));

    await eventually('the later message', async () => partner.requests.some((r) => analysisOf(r) === 'after'));
    // Every attempt of the schedule was spent on the earlier message before the later one went out.
    expect(refusals).toBe(4);
    expect(partner.requests.map(analysisOf)).toEqual(['doomed', 'doomed', 'doomed', 'doomed', 'after']);
  });
});
