import { eventually } from './testing/eventually.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

const ORG = 'org-ssrf';

describe('Webhook service - SSRF protection with an empty allow-list', () => {
  const harness = new WebhookServiceHarness();
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    await harness.start({ WEBHOOK_ALLOWLIST: '', WEBHOOK_RETRY_SCHEDULE_MS: '0,100,100' });
  });

  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  it.each([
    ['an IP literal', (url: string) => url],
    ['a host name resolving to loopback', (url: string) => url.replace('127.0.0.1', 'localhost')],
  ])('refuses a loopback receiver addressed by %s, once, and logs the refusal', async (_label, toUrl) => {
    const url = toUrl(receiver.url);
    const created = await harness.admin.createEndpoint(
      { url, eventTypes: ['analysis.started'] },
      harness.metadata(ORG),
    );
    const event = harness.event('analysis.started', ORG, { analysisId: `an-${url.length}`, targetUrl: null });
    await harness.publish(event);

    const message = await eventually('the refused message', async () => {
      const rows = await harness.messagesForEvent(event.id);
      const row = rows.find((r) => r.endpoint_id === created.endpoint?.id);
      return row?.status === 'failed' && row;
    });
    const attempts = await harness.attempts(message.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      attempt_number: 1,
      status: 'failed',
      response_status: null,
      response_body: null,
    });
    expect(attempts[0]?.error).toMatch(
      /^SSRF protection: refused to connect to .*\((127\.0\.0\.1|::1), loopback address\)/,
    );
    await sleep(300);
    expect(receiver.requests).toHaveLength(0);
    await harness.admin.deleteEndpoint({ id: created.endpoint?.id ?? '' }, harness.metadata(ORG));
  });
});
