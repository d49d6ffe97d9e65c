import { status } from '@grpc/grpc-js';
import { EVENT_CATALOGUE, type AnyDomainEvent } from '@so/contracts';
import { fromGrpcError } from '@so/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

let orgCounter = 0;
const nextOrg = () => `org-test-event-${++orgCounter}`;

async function grpcError(call: Promise<unknown>): Promise<{ code: number; domain: ReturnType<typeof fromGrpcError> }> {
  try {
    await call;
  } catch (error) {
    return { code: (error as { code: number }).code, domain: fromGrpcError(error) };
  }
  throw new Error('expected the call to fail');
}

const exampleOf = (type: string) => EVENT_CATALOGUE.find((entry) => entry.type === type)!.exampleData;

describe('Webhook service - test events and endpoint statistics', () => {
  const harness = new WebhookServiceHarness();
  const receivers: WebhookReceiver[] = [];

  async function receiver(reply?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const started = await new WebhookReceiver(reply).start();
    receivers.push(started);
    return started;
  }

  async function subscribe(orgId: string, url: string, eventTypes: string[]) {
    const created = await harness.admin.createEndpoint({ url, eventTypes }, harness.metadata(orgId));
    return { id: created.endpoint!.id, secret: created.secret };
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

  async function settled(eventId: string) {
    return eventually('message settled', async () => {
      const [row] = await harness.messagesForEvent(eventId);
      return row && row.status !== 'pending' && row;
    });
  }

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,100' });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await harness.stop();
  });

  describe('send a test event', () => {
    it("sends the example of the endpoint's first subscribed type to that endpoint only, signed with its secret and marked test", async () => {
      const org = nextOrg();
      const tested = await receiver();
      const sibling = await receiver();
      const otherOrg = await receiver();
      const endpoint = await subscribe(org, tested.url, ['finding.*', 'analysis.completed']);
      await subscribe(org, sibling.url, ['*']);
      await subscribe(`${org}-other`, otherOrg.url, ['*']);

      const { message } = await harness.operations.call(
        'sendTestEvent',
        { endpointId: endpoint.id, eventType: '' },
        harness.metadata(org),
      );
      expect(message).toMatchObject({ endpointId: endpoint.id, eventType: 'finding.detected', test: true });
      expect(message!.eventId).toMatch(/^test_[0-9a-f-]{36}$/);

      const request = await eventually('the test delivery', async () => tested.requests[0]);
      const headers = request.headers as Record<string, string>;
      expect(headers['webhook-id']).toBe(message!.id);
      expect(new Webhook(endpoint.secret).verify(request.body, headers)).toEqual(JSON.parse(request.body));
      expect(JSON.parse(request.body)).toMatchObject({
        id: message!.eventId,
        type: 'finding.detected',
        orgId: org,
        schemaVersion: 1,
        data: exampleOf('finding.detected'),
      });

      const delivered = await eventually('delivered in the history', async () => {
        const got = await harness.operations.call('getMessage', { messageId: message!.id }, harness.metadata(org));
        return got.message?.status === 'delivered' && got.message;
      });
      expect(delivered).toMatchObject({ attempts: 1, test: true });
      const log = await harness.operations.call(
        'listEndpointAttempts',
        { endpointId: endpoint.id, limit: 0, cursor: '' },
        harness.metadata(org),
      );
      expect(log.attempts.map((a) => [a.messageId, a.status, a.test])).toEqual([[message!.id, 'succeeded', true]]);

      await sleep(300);
      expect(tested.requests).toHaveLength(1);
      expect(sibling.requests).toHaveLength(0);
      expect(otherOrg.requests).toHaveLength(0);
    });

    it('sends the requested type, and a real event after it is not marked test', async () => {
      const org = nextOrg();
      const partner = await receiver();
      const endpoint = await subscribe(org, partner.url, ['analysis.completed']);
      const { message } = await harness.operations.call(
        'sendTestEvent',
        { endpointId: endpoint.id, eventType: 'analysis.failed' },
        harness.metadata(org),
      );
      expect(message?.eventType).toBe('analysis.failed');
      const test = await eventually('the test delivery', async () => partner.requests[0]);
      expect(JSON.parse(test.body)).toMatchObject({ type: 'analysis.failed', data: exampleOf('analysis.failed') });

      const real = completed(org, 'a-real');
      await harness.publish(real);
      const row = await settled(real.id);
      const got = await harness.operations.call('getMessage', { messageId: row.id }, harness.metadata(org));
      expect(got.message).toMatchObject({ eventId: real.id, test: false });
      const log = await harness.operations.call(
        'listEndpointAttempts',
        { endpointId: endpoint.id, limit: 0, cursor: '' },
        harness.metadata(org),
      );
      expect(log.attempts.map((a) => [a.messageId, a.test])).toEqual([
        [row.id, false],
        [message!.id, true],
      ]);
    });

    it('defaults to analysis.completed for an endpoint subscribed to everything', async () => {
      const org = nextOrg();
      const partner = await receiver();
      const endpoint = await subscribe(org, partner.url, ['*']);
      const { message } = await harness.operations.call(
        'sendTestEvent',
        { endpointId: endpoint.id, eventType: '' },
        harness.metadata(org),
      );
      expect(message?.eventType).toBe('analysis.completed');
      const other = await subscribe(org, partner.url, ['webhook.endpoint_disabled']);
      const second = await harness.operations.call(
        'sendTestEvent',
        { endpointId: other.id, eventType: '' },
        harness.metadata(org),
      );
      expect(second.message?.eventType).toBe('webhook.endpoint_disabled');
    });

    it('refuses an unknown event type, an unknown endpoint, another org and a disabled endpoint', async () => {
      const org = nextOrg();
      const partner = await receiver();
      const endpoint = await subscribe(org, partner.url, ['analysis.completed']);

      const unknownType = await grpcError(
        harness.operations.call(
          'sendTestEvent',
          { endpointId: endpoint.id, eventType: 'analysis.exploded' },
          harness.metadata(org),
        ),
      );
      expect(unknownType.code).toBe(status.INVALID_ARGUMENT);
      expect(unknownType.domain.violations.map((v) => v.field)).toEqual(['eventType']);

      const unknownEndpoint = await grpcError(
        harness.operations.call(
          'sendTestEvent',
          { endpointId: '7d9b1f3a-5c7e-4a9b-8d1f-2e4c6a8b0d2f', eventType: '' },
          harness.metadata(org),
        ),
      );
      expect(unknownEndpoint.code).toBe(status.NOT_FOUND);
      const foreign = await grpcError(
        harness.operations.call(
          'sendTestEvent',
          { endpointId: endpoint.id, eventType: '' },
          harness.metadata(`${org}-x`),
        ),
      );
      expect(foreign.code).toBe(status.NOT_FOUND);

      await harness.adminRpc.call(
        'updateEndpoint',
        {
          id: endpoint.id,
          enabled: false,
          eventTypes: [],
          replaceEventTypes: false,
          headers: {},
          replaceHeaders: false,
        },
        harness.metadata(org),
      );
      const disabled = await grpcError(
        harness.operations.call('sendTestEvent', { endpointId: endpoint.id, eventType: '' }, harness.metadata(org)),
      );
      expect(disabled.code).toBe(status.FAILED_PRECONDITION);
      expect(disabled.domain.code).toBe('WEBHOOK.ENDPOINT_DISABLED');

      await sleep(200);
      expect(partner.requests).toHaveLength(0);
      const rows = await harness.db.query(`SELECT count(*)::int AS n FROM webhook.messages WHERE endpoint_id = $1`, [
        endpoint.id,
      ]);
      expect(rows.rows[0].n).toBe(0);
    });

    it('is offered on the GraphQL subgraph', async () => {
      const org = nextOrg();
      const partner = await receiver();
      const endpoint = await subscribe(org, partner.url, ['analysis.*']);
      const result = await harness.graphql(
        `mutation($id: ID!) { sendWebhookTestEvent(endpointId: $id, eventType: "analysis.cancelled") { id eventType test } }`,
        { id: endpoint.id },
        org,
      );
      expect(result.body.data?.sendWebhookTestEvent).toMatchObject({ eventType: 'analysis.cancelled', test: true });
      await eventually('the test delivery', async () => partner.requests[0]);
    });
  });

  describe('endpoint statistics', () => {
    it('counts messages by state and attempts, with success rate, latency percentiles and last outcomes', async () => {
      const org = nextOrg();
      const partner = await receiver((request) =>
        request.body.includes('a-failing') ? { status: 500 } : { status: 200 },
      );
      const endpoint = await subscribe(org, partner.url, ['analysis.completed']);
      const fresh = await harness.operations.call(
        'getEndpointStats',
        { endpointId: endpoint.id, since: '' },
        harness.metadata(org),
      );
      expect(fresh).toMatchObject({ deliveredMessages: 0, failedMessages: 0, pendingMessages: 0, attempts: 0 });
      expect(fresh.successRate).toBeUndefined();
      expect(fresh.latencyP50Ms).toBeUndefined();
      expect(fresh.lastSuccessAt).toBeUndefined();

      const events = [
        completed(org, 'a-ok-1'),
        completed(org, 'a-ok-2'),
        completed(org, 'a-ok-3'),
        completed(org, 'a-failing'),
      ];
      await harness.publish(...events);
      for (const event of events) await settled(event.id);
      const old = completed(org, 'a-ok-old');
      await harness.publish(old);
      const oldRow = await settled(old.id);
      // The old message and its attempt fall before the window.
      await harness.db.query(`UPDATE webhook.messages SET created_at = now() - interval '3 hours' WHERE id = $1`, [
        oldRow.id,
      ]);
      await harness.db.query(
        `UPDATE webhook.attempts SET created_at = now() - interval '3 hours' WHERE message_id = $1`,
        [oldRow.id],
      );
      // Known latencies for the five attempts in the window: 3 successes, 2 failures of the failing message.
      await harness.db.query(
        `UPDATE webhook.attempts a SET latency_ms = v.latency
           FROM (SELECT id, (row_number() OVER (ORDER BY created_at, id) * 10)::int AS latency
                   FROM webhook.attempts WHERE endpoint_id = $1 AND created_at > now() - interval '1 hour') v
          WHERE a.id = v.id`,
        [endpoint.id],
      );
      const expectedLast = await harness.db.query(
        `SELECT max(created_at) FILTER (WHERE status = 'succeeded') AS s, max(created_at) FILTER (WHERE status = 'failed') AS f
           FROM webhook.attempts WHERE endpoint_id = $1 AND created_at > now() - interval '1 hour'`,
        [endpoint.id],
      );

      const since = new Date(Date.now() - 3600_000).toISOString();
      const stats = await harness.operations.call(
        'getEndpointStats',
        { endpointId: endpoint.id, since },
        harness.metadata(org),
      );
      expect(stats).toMatchObject({
        endpointId: endpoint.id,
        since,
        deliveredMessages: 3,
        failedMessages: 1,
        pendingMessages: 0,
        attempts: 5,
        succeededAttempts: 3,
        failedAttempts: 2,
        successRate: 0.6,
        latencyP50Ms: 30,
        // percentile_cont over 10..50: 40 + 0.8 * 10
        latencyP95Ms: 48,
        lastSuccessAt: (expectedLast.rows[0].s as Date).toISOString(),
        lastFailureAt: (expectedLast.rows[0].f as Date).toISOString(),
      });

      // The default window (24 h) includes the old message.
      const wide = await harness.operations.call(
        'getEndpointStats',
        { endpointId: endpoint.id, since: '' },
        harness.metadata(org),
      );
      expect(wide).toMatchObject({ deliveredMessages: 4, failedMessages: 1, attempts: 6, succeededAttempts: 4 });

      const viaGraphql = await harness.graphql(
        `query($id: ID!, $since: DateTime) { webhookEndpointStats(endpointId: $id, since: $since) { deliveredMessages failedMessages attempts successRate latencyP95Ms } }`,
        { id: endpoint.id, since },
        org,
      );
      expect(viaGraphql.body.data?.webhookEndpointStats).toEqual({
        deliveredMessages: 3,
        failedMessages: 1,
        attempts: 5,
        successRate: 0.6,
        latencyP95Ms: 48,
      });
    });

    it('counts a message still being delivered as pending', async () => {
      const org = nextOrg();
      const partner = await receiver(() => ({ status: 200, delayMs: 1500 }));
      const endpoint = await subscribe(org, partner.url, ['analysis.completed']);
      await harness.publish(completed(org, 'a-slow'));
      await eventually('the attempt under way', async () => partner.requests.length === 1);
      const stats = await harness.operations.call(
        'getEndpointStats',
        { endpointId: endpoint.id, since: '' },
        harness.metadata(org),
      );
      expect(stats).toMatchObject({ pendingMessages: 1, deliveredMessages: 0, attempts: 0 });
    });

    it('refuses another org, an unknown endpoint and a start in the future', async () => {
      const org = nextOrg();
      const partner = await receiver();
      const endpoint = await subscribe(org, partner.url, ['analysis.completed']);
      const foreign = await grpcError(
        harness.operations.call(
          'getEndpointStats',
          { endpointId: endpoint.id, since: '' },
          harness.metadata(`${org}-x`),
        ),
      );
      expect(foreign.code).toBe(status.NOT_FOUND);
      const unknown = await grpcError(
        harness.operations.call(
          'getEndpointStats',
          { endpointId: '7d9b1f3a-5c7e-4a9b-8d1f-2e4c6a8b0d2f', since: '' },
          harness.metadata(org),
        ),
      );
      expect(unknown.code).toBe(status.NOT_FOUND);
      const future = await grpcError(
        harness.operations.call(
          'getEndpointStats',
          { endpointId: endpoint.id, since: new Date(Date.now() + 3600_000).toISOString() },
          harness.metadata(org),
        ),
      );
      expect(future.code).toBe(status.INVALID_ARGUMENT);
      expect(future.domain.violations.map((v) => v.field)).toEqual(['since']);
    });
  });
});
