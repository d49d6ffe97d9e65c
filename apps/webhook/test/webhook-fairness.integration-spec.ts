import type { AnyDomainEvent } from '@so/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
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

describe('Webhook service - rate limits and fairness', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];

  async function receiver(reply?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const started = await new WebhookReceiver(reply).start();
    receivers.push(started);
    return started;
  }

  beforeAll(async () => {
    // Four worker slots in all, at most two per endpoint.
    await harness.start({
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,200',
      WEBHOOK_DELIVERY_CONCURRENCY: '4',
      WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      WEBHOOK_BUSY_DELAY_MS: '50',
      WEBHOOK_TIMEOUT_MS: '5000',
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  it('keeps delivering to a fast endpoint while another endpoint takes 2 s per request', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 2_000 }));
    const fast = await receiver();
    await harness.admin.createEndpoint({ url: slow.url, eventTypes: ['*'] }, harness.metadata('org-slow'));
    await harness.admin.createEndpoint({ url: fast.url, eventTypes: ['*'] }, harness.metadata('org-fast'));

    // The slow partner's backlog is queued first: without fairness it would hold every worker slot for ~4 s.
    await harness.publish(...Array.from({ length: 8 }, (_, i) => completed(harness, 'org-slow', `slow-${i}`)));
    await eventually('the slow endpoint to be busy', async () => slow.inFlight >= 2);
    await harness.publish(...Array.from({ length: 10 }, (_, i) => completed(harness, 'org-fast', `fast-${i}`)));
    await eventually('all fast deliveries', async () => fast.requests.length >= 10, 10_000);
    const lastFast = Math.max(...fast.requests.map((r) => r.receivedAt));

    // Ordering, not wall-clock time (machines are noisy): every fast delivery lands while the slow
    // endpoint is still busy with its first two requests, i.e. before its third one can start.
    expect(slow.requests.length).toBeLessThanOrEqual(2);
    expect(slow.maxInFlight).toBeLessThanOrEqual(2);
    // The slow partner still gets everything, exactly once, and no attempt was spent waiting.
    await eventually('all slow deliveries', async () => slow.requests.length >= 8, 30_000);
    expect(lastFast).toBeLessThan(Math.min(...slow.requests.slice(2).map((r) => r.receivedAt)));
    await sleep(300);
    expect(slow.requests).toHaveLength(8);
    const { rows } = await harness.db.query(
      `SELECT max(attempt_count) AS max FROM webhook.messages WHERE org_id = 'org-slow'`,
    );
    expect(Number(rows[0].max)).toBe(1);
  }, 60_000);

  it('spreads deliveries to an endpoint with a rate limit at that rate', async () => {
    const partner = await receiver();
    await harness.admin.createEndpoint(
      { url: partner.url, eventTypes: ['*'], options: { rateLimitPerSecond: 5, headers: {}, filterJson: '', signingScheme: '', publicKey: '', ordered: false } },
      harness.metadata('org-limited'),
    );
    await harness.publish(...Array.from({ length: 12 }, (_, i) => completed(harness, 'org-limited', `limited-${i}`)));
    await eventually('all limited deliveries', async () => partner.requests.length >= 12, 10_000);
    const times = partner.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    // A burst of 5, then one every 200 ms: the last of 12 comes ~1.4 s after the first.
    expect(times[11]! - times[0]!).toBeGreaterThanOrEqual(1_200);
    // Token bucket bound: any n consecutive deliveries span at least (n - burst) / rate seconds (one of slack).
    for (let i = 0; i < times.length; i++) {
      for (let j = i + 1; j < times.length; j++) {
        expect(j - i + 1).toBeLessThanOrEqual(5 + 1 + (5 * (times[j]! - times[i]!)) / 1000);
      }
    }
    const ids = new Set(partner.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(12);
  }, 20_000);
});
