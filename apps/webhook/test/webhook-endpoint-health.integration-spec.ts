import type { AnyDomainEvent } from '@so/contracts';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

function completed(harness: WebhookServiceHarness, orgId: string, analysisId: string): AnyDomainEvent {
  return harness.event('analysis.completed', orgId, {
    analysisId,
    status: 'COMPLETED',
    findingCount: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    score: 100,
    durationMs: 10,
  });
}

describe('Webhook service - endpoints failing continuously', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];

  async function receiver(reply?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const started = await new WebhookReceiver(reply).start();
    receivers.push(started);
    return started;
  }

  async function endpointRow(id: string) {
    const { rows } = await harness.db.query(
      `SELECT enabled, disabled_reason, failing_since, consecutive_failures, failure_warned_at FROM webhook.endpoints WHERE id = $1`,
      [id],
    );
    return rows[0] as {
      enabled: boolean;
      disabled_reason: string | null;
      failing_since: Date | null;
      consecutive_failures: number;
      failure_warned_at: Date | null;
    };
  }

  beforeAll(async () => {
    // Shrunk from 5 days: an endpoint failing for 1.5 s is disabled; a warning after 2 failures.
    await harness.start({
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300,300,300,300,300,300,300',
      WEBHOOK_DISABLE_AFTER_FAILING_MS: '1500',
      WEBHOOK_FAILURE_WARNING_AFTER: '2',
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('warns after N failures, then disables the endpoint and emits webhook.endpoint_disabled', async () => {
    const org = 'org-health-1';
    const failing = await receiver(() => ({ status: 500 }));
    const watcher = await receiver();
    const created = await harness.admin.createEndpoint({ url: failing.url, eventTypes: ['analysis.*'] }, harness.metadata(org));
    await harness.admin.createEndpoint({ url: watcher.url, eventTypes: ['webhook.endpoint_disabled'] }, harness.metadata(org));
    const endpointId = created.endpoint!.id;
    const event = completed(harness, org, 'health-failing');
    await harness.publish(event);

    const warned = await eventually('the failure warning', async () => {
      const row = await endpointRow(endpointId);
      return row.failure_warned_at !== null && row;
    });
    expect(warned.enabled).toBe(true);
    expect(warned.consecutive_failures).toBeGreaterThanOrEqual(2);

    const notice = await eventually('the endpoint_disabled event', async () => watcher.requests[0], 10_000);
    expect(JSON.parse(notice.body)).toMatchObject({
      type: 'webhook.endpoint_disabled',
      data: { endpointId, reason: expect.stringMatching(/^failing continuously since/) },
    });
    const row = await endpointRow(endpointId);
    expect(row.enabled).toBe(false);
    expect(row.disabled_reason).toMatch(/failing continuously/);
    const [message] = await harness.messagesForEvent(event.id);
    const attemptsAtDisable = (await harness.attempts(message!.id)).length;
    expect(attemptsAtDisable).toBeGreaterThanOrEqual(5);
    expect(attemptsAtDisable).toBeLessThan(10);
    await eventually('the message to be failed', async () => (await harness.messagesForEvent(event.id))[0]?.status === 'failed');
  }, 20_000);

  it('ends the failure run on a success, so an endpoint that recovers is never disabled', async () => {
    const org = 'org-health-2';
    const flaky = await receiver((_request, index) => (index < 3 ? { status: 503 } : { status: 200 }));
    const created = await harness.admin.createEndpoint({ url: flaky.url, eventTypes: ['analysis.*'] }, harness.metadata(org));
    const event = completed(harness, org, 'health-recovers');
    await harness.publish(event);
    await eventually('the delivery', async () => (await harness.messagesForEvent(event.id))[0]?.status === 'delivered');
    const row = await endpointRow(created.endpoint!.id);
    expect(row).toMatchObject({ enabled: true, failing_since: null, consecutive_failures: 0, failure_warned_at: null });
  }, 20_000);
});
