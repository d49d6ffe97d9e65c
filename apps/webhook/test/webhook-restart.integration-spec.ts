import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

describe('Webhook service - restart resilience', () => {
  const harness = new WebhookServiceHarness();
  const partner = new WebhookReceiver();

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,700,700,700,700,700,700,700' });
  });

  afterAll(async () => {
    await partner.stop();
    await harness.stop();
  });

  it('loses nothing across a restart mid-retry and delivers exactly once after the receiver comes back', async () => {
    // Take a port, then close it: the receiver is down (connection refused) for the first attempts.
    await partner.start();
    await partner.stop();
    const org = 'org-restart';
    await harness.admin.createEndpoint({ url: partner.url, eventTypes: ['*'] }, harness.metadata(org));
    const event = harness.event('analysis.failed', org, { analysisId: 'restart-1', status: 'FAILED', reason: 'x' });
    await harness.publish(event);

    const message = await eventually('the first failed attempt', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row && row.attempt_count >= 1 && row;
    });
    await harness.restart();
    await eventually('failed attempts after the restart', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row && row.attempt_count >= 3;
    });
    await partner.start();

    const delivered = await eventually('the delivery once the receiver is back', async () => {
      const [row] = await harness.messagesForEvent(event.id);
      return row?.status === 'delivered' && row;
    });
    await sleep(1_500);
    expect(partner.requests).toHaveLength(1);
    expect(partner.requests[0]?.headers['webhook-id']).toBe(message.id);
    const attempts = await harness.attempts(message.id);
    expect(attempts).toHaveLength(delivered.attempt_count);
    expect(attempts.slice(0, -1).every((a) => a.status === 'failed' && /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    expect(attempts.at(-1)).toMatchObject({ status: 'succeeded', response_status: 204 });
  }, 30_000);
});
