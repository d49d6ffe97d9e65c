import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { randomUUID } from 'node:crypto';
import { checkRecordedEvent } from './recorded-event.schema.js';

describe('checkRecordedEvent', () => {
  const analysisId = randomUUID();

  it('answers a valid finding as it was received', () => {
    const event = createDomainEvent({
      type: 'finding.detected',
      orgId: 'org-1',
      projectId: 'shop-api',
      correlationId: 'corr-1',
      data: { analysisId, findingId: 'f1', ruleId: 'API1', title: 'BOLA', severity: 'high', owaspCategory: 'API1:2023', cweId: 'CWE-639', location: 'GET /x', fingerprint: 'fp' },
    });
    const checked = checkRecordedEvent(event);
    expect(checked).toEqual({ event });
    expect('event' in checked && checked.event).toBe(event);
  });

  it('answers a valid completion, extra data fields included', () => {
    const event = createDomainEvent({
      type: 'analysis.completed',
      orgId: 'org-1',
      projectId: 'shop-api',
      correlationId: 'corr-1',
      data: { analysisId, status: 'COMPLETED', findingCount: 3, bySeverity: { critical: 0, high: 3, medium: 0, low: 0, info: 0 }, score: 55, durationMs: 10 },
    });
    expect(checkRecordedEvent(event)).toEqual({ event });
  });

  it.each([
    ['a non-UUID analysis id', { data: { analysisId: 'x' } }],
    ['a missing org', { orgId: '' }],
    ['a type it does not record', { type: 'analysis.progress' }],
    ['a time without offset', { occurredAt: '2026-11-27T10:00:00' }],
    ['a negative finding count', { data: { analysisId, status: 'COMPLETED', findingCount: -1, score: 1 } }],
  ])('reports %s as a problem instead of the event', (_label, patch) => {
    const base = createDomainEvent({ type: 'analysis.completed', orgId: 'o', projectId: 'p', correlationId: 'c', data: { analysisId, status: 'COMPLETED', findingCount: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, score: 100, durationMs: 1 } });
    const checked = checkRecordedEvent({ ...base, ...patch } as unknown as AnyDomainEvent);
    expect(checked).toEqual({ problem: expect.any(String) });
  });
});
