import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { Webhook } from 'standardwebhooks';
import { serializeEventEnvelope, signWebhook } from './webhook-signature.js';

describe('Standard Webhooks signing', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('produces signatures the standardwebhooks library verifies', () => {
    const body = JSON.stringify({ hello: 'world' });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, 'msg_1', timestamp, body),
    };
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world' });
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
  });

  it('matches the reference implementation byte for byte', () => {
    const timestamp = new Date('2026-01-01T00:00:00Z');
    const seconds = Math.floor(timestamp.getTime() / 1000);
    expect(signWebhook(secret, 'msg_abc', seconds, '{"a":1}')).toBe(
      new Webhook(secret).sign('msg_abc', timestamp, '{"a":1}'),
    );
  });

  it('serialises data with its keys sorted as jsonb sorts them, at every depth, whatever order they came in', () => {
    const event = createDomainEvent({
      type: 'analysis.completed',
      orgId: 'org',
      projectId: 'p',
      correlationId: 'c',
      data: { status: 'COMPLETED', analysisId: 'a', score: 90, durationMs: 5, findingCount: 1, bySeverity: { info: 0, low: 1, high: 0, medium: 0, critical: 0 } },
    }) as AnyDomainEvent;
    const body = JSON.parse(serializeEventEnvelope(event)) as { data: Record<string, unknown> & { bySeverity: object } };
    expect(Object.keys(body.data)).toEqual(['score', 'status', 'analysisId', 'bySeverity', 'durationMs', 'findingCount']);
    expect(Object.keys(body.data.bySeverity)).toEqual(['low', 'high', 'info', 'medium', 'critical']);
    const reordered = { ...event, data: Object.fromEntries(Object.entries(event.data).reverse()) } as AnyDomainEvent;
    expect(serializeEventEnvelope(reordered)).toBe(serializeEventEnvelope(event));
  });

  it('serialises the envelope with a fixed key order', () => {
    const event = createDomainEvent({
      type: 'analysis.started',
      orgId: 'org',
      projectId: 'p',
      correlationId: 'c',
      data: { analysisId: 'a', targetUrl: null },
    }) as AnyDomainEvent;
    const shuffled = Object.fromEntries(Object.entries(event).reverse()) as unknown as AnyDomainEvent;
    expect(Object.keys(JSON.parse(serializeEventEnvelope(shuffled)) as object)).toEqual([
      'id',
      'type',
      'occurredAt',
      'orgId',
      'projectId',
      'schemaVersion',
      'correlationId',
      'data',
    ]);
  });
});
