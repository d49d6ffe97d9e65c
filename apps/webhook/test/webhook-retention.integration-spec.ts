import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

describe('Webhook service - retention and the cleanup job', () => {
  const harness = new WebhookServiceHarness();
  const partner = new WebhookReceiver();
  const watcher = new WebhookReceiver();

  beforeAll(async () => {
    await partner.start();
    await watcher.start();
    // One minute of retention, cleanup every 200 ms.
    await harness.start({
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,100',
      WEBHOOK_RETENTION_MS: '60000',
      WEBHOOK_CLEANUP_INTERVAL_MS: '200',
    });
  });

  afterAll(async () => {
    await partner.stop();
    await watcher.stop();
    await harness.stop();
  });

  const failed = (org: string, id: string) =>
    harness.event('analysis.failed', org, { analysisId: id, status: 'FAILED', reason: 'x' });

  it('deletes finished messages and their attempts past retention, keeping recent and pending ones', async () => {
    const org = 'org-retention';
    await harness.admin.createEndpoint({ url: partner.url, eventTypes: ['*'] }, harness.metadata(org));
    const [old, recent, stuck] = [failed(org, 'r-old'), failed(org, 'r-recent'), failed(org, 'r-stuck')];
    await harness.publish(old, recent, stuck);
    const rows = await eventually('three delivered messages', async () => {
      const all = await Promise.all([old, recent, stuck].map(async (e) => (await harness.messagesForEvent(e.id))[0]));
      return all.every((row) => row?.status === 'delivered') && all.map((row) => row!);
    });
    const [oldId, recentId, stuckId] = rows.map((row) => row.id);
    // A message still in its retry loop is never deleted, however old. `stuck` is aged and put back in its retry
    // loop by one statement: a cleanup pass (every 200 ms) between two statements would see it old and finished.
    await harness.db.query(
      `UPDATE webhook.messages
          SET created_at = now() - interval '2 minutes',
              status = CASE WHEN id = $2 THEN 'pending' ELSE status END
        WHERE id = ANY($1)`,
      [[oldId, stuckId], stuckId],
    );

    await eventually(
      'the old message to be deleted',
      async () => (await harness.messagesForEvent(old.id)).length === 0,
    );
    expect(await harness.attempts(oldId!)).toHaveLength(0);
    expect(await harness.messagesForEvent(recent.id)).toHaveLength(1);
    expect(await harness.attempts(recentId!)).toHaveLength(1);
    expect(await harness.messagesForEvent(stuck.id)).toHaveLength(1);
  });

  it('disables an endpoint failing longer than allowed even without a new attempt', async () => {
    const org = 'org-retention-failing';
    const created = await harness.admin.createEndpoint(
      { url: partner.url, eventTypes: ['analysis.*'] },
      harness.metadata(org),
    );
    await harness.admin.createEndpoint(
      { url: watcher.url, eventTypes: ['webhook.endpoint_disabled'] },
      harness.metadata(org),
    );
    const id = created.endpoint!.id;
    await harness.db.query(
      `UPDATE webhook.endpoints SET failing_since = now() - interval '6 days', consecutive_failures = 9 WHERE id = $1`,
      [id],
    );
    const notice = await eventually('the endpoint_disabled event', async () => watcher.requests[0]);
    expect(JSON.parse(notice.body)).toMatchObject({
      type: 'webhook.endpoint_disabled',
      data: { endpointId: id, reason: expect.stringMatching(/^failing continuously since/) },
    });
    const { rows } = await harness.db.query(`SELECT enabled FROM webhook.endpoints WHERE id = $1`, [id]);
    expect(rows[0].enabled).toBe(false);
  });
});
