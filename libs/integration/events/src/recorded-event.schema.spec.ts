import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { randomUUID } from 'node:crypto';
import { toRecordedEvent } from './recorded-event.schema.js';

describe('toRecordedEvent', () => {
  const analysisId = randomUUID();

  it('maps a finding to a row with its finding columns and the whole payload', () => {
    const event = createDomainEvent({
      type: 'finding.detected',
      orgId: 'org-1',
      projectId: 'shop-api',
      correlationId: 'corr-1',
      data: { analysisId, findingId: 'f1', ruleId: 'API1', title: 'BOLA', severity: 'high', owaspCategory: 'API1:2023', cweId: 'CWE-639', location: 'GET /x', fingerprint: 'fp' },
    });
    const mapped = toRecordedEvent(event);
    expect(mapped).toEqual({
      row: expect.objectContaining({
        orgId: 'org-1',
        eventId: event.id,
        eventType: 'finding.detected',
        analysisId,
        findingSeverity: 'high',
        findingFingerprint: 'fp',
        analysisStatus: null,
        payload: event.data,
        occurredAt: new Date(event.occurredAt),
      }),
    });
  });

  it('maps a completion to a row with status, count and score', () => {
    const event = createDomainEvent({
      type: 'analysis.completed',
      orgId: 'org-1',
      projectId: 'shop-api',
      correlationId: 'corr-1',
      data: { analysisId, status: 'COMPLETED', findingCount: 3, bySeverity: { critical: 0, high: 3, medium: 0, low: 0, info: 0 }, score: 55, durationMs: 10 },
    });
    expect(toRecordedEvent(event)).toEqual({ row: expect.objectContaining({ analysisStatus: 'COMPLETED', findingCount: 3, score: 55, findingId: null }) });
  });

  it.each([
    ['a non-UUID analysis id', { data: { analysisId: 'x' } }],
    ['a missing org', { orgId: '' }],
    ['a type it does not record', { type: 'analysis.progress' }],
  ])('reports %s as a problem instead of a row', (_label, patch) => {
    const base = createDomainEvent({ type: 'analysis.completed', orgId: 'o', projectId: 'p', correlationId: 'c', data: { analysisId, status: 'COMPLETED', findingCount: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, score: 100, durationMs: 1 } });
    const mapped = toRecordedEvent({ ...base, ...patch } as unknown as AnyDomainEvent);
    expect(mapped).toEqual({ problem: expect.any(String) });
  });
});
