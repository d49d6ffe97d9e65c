import type { IntegrationEventEntity } from '@so/integration-data-access';
import { buildFindingBatch } from './finding-batch.builder.js';

const delivery = { deliveryId: 'd', integrationId: 'i', projectId: 'p', analysisId: 'a', correlationId: 'c' };

function event(partial: Partial<IntegrationEventEntity>): IntegrationEventEntity {
  return {
    id: 'row',
    orgId: 'o',
    eventId: 'e',
    eventType: 'finding.detected',
    projectId: 'p',
    analysisId: 'a',
    findingId: 'f',
    findingFingerprint: null,
    findingSeverity: null,
    findingTitle: 'title',
    findingRuleId: 'rule',
    owaspCategory: 'API1:2023',
    analysisStatus: null,
    findingCount: null,
    score: null,
    payload: {},
    correlationId: 'c',
    occurredAt: new Date(0),
    receivedAt: new Date(0),
    arrival: '1',
    ...partial,
  };
}

describe(buildFindingBatch.name, () => {
  it('leaves out findings the project triaged as false positive or accepted risk', () => {
    const batch = buildFindingBatch(
      delivery,
      [
        event({ findingFingerprint: 'kept', findingSeverity: 'high', payload: { status: 'open' } }),
        event({ findingFingerprint: 'noise', findingSeverity: 'critical', payload: { status: 'false_positive' } }),
        event({ findingFingerprint: 'accepted', findingSeverity: 'high', payload: { status: 'accepted_risk' } }),
        event({ findingFingerprint: 'older-event', findingSeverity: 'high', payload: {} }),
      ],
      'low',
    );
    expect(batch.findings.map((f) => f.fingerprint)).toEqual(['kept', 'older-event']);
  });

  it('keeps one finding per fingerprint at or above the threshold, most severe first, with the score', () => {
    const batch = buildFindingBatch(
      delivery,
      [
        event({ findingFingerprint: 'fp-medium', findingSeverity: 'medium', payload: { cweId: 'CWE-1', location: 'GET /a' } }),
        event({ findingFingerprint: 'fp-low', findingSeverity: 'low' }),
        event({ findingFingerprint: 'fp-critical', findingSeverity: 'critical', payload: { cweId: '', location: 'POST /b' } }),
        event({ findingFingerprint: 'fp-medium', findingSeverity: 'medium' }),
        event({ findingFingerprint: 'fp-odd', findingSeverity: 'catastrophic' }),
        event({ eventType: 'analysis.completed', findingCount: 4, score: 61.5 }),
      ],
      'medium',
    );
    expect(batch.score).toBe(61.5);
    expect(batch.findings.map((f) => [f.fingerprint, f.severity, f.cweId, f.location])).toEqual([
      ['fp-critical', 'critical', null, 'POST /b'],
      ['fp-medium', 'medium', 'CWE-1', 'GET /a'],
    ]);
  });
});
