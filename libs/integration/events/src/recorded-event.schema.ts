import type { AnyDomainEvent } from '@so/contracts';
import type { NewIntegrationEvent } from '@so/integration-data-access';
import { z } from 'zod';

const text = (max: number) => z.string().max(max);

const envelope = {
  id: z.uuid(),
  orgId: text(200).min(1),
  projectId: text(200).min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: text(200),
};

const findingDetected = z.object({
  ...envelope,
  type: z.literal('finding.detected'),
  data: z.object({
    analysisId: z.uuid(),
    findingId: text(200),
    ruleId: text(200),
    title: text(2000),
    severity: text(32),
    owaspCategory: text(200),
    cweId: text(200).optional(),
    location: text(4000).optional(),
    fingerprint: text(500),
  }).loose(),
});

const analysisCompleted = z.object({
  ...envelope,
  type: z.literal('analysis.completed'),
  data: z.object({
    analysisId: z.uuid(),
    status: text(32),
    findingCount: z.number().int().min(0),
    score: z.number(),
  }).loose(),
});

const recordedEvent = z.discriminatedUnion('type', [findingDetected, analysisCompleted]);

/**
 * The row to record for an event, or the reason it cannot be recorded. Events come from other
 * services; one that does not match its schema is reported and skipped instead of blocking the stream.
 */
export function toRecordedEvent(event: AnyDomainEvent): { row: NewIntegrationEvent } | { problem: string } {
  const parsed = recordedEvent.safeParse(event);
  if (!parsed.success) {
    return { problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
  }
  const value = parsed.data;
  const base = {
    orgId: value.orgId,
    eventId: value.id,
    eventType: value.type,
    projectId: value.projectId,
    analysisId: value.data.analysisId,
    payload: value.data,
    correlationId: value.correlationId,
    occurredAt: new Date(value.occurredAt),
  };
  if (value.type === 'finding.detected') {
    return {
      row: {
        ...base,
        findingId: value.data.findingId,
        findingFingerprint: value.data.fingerprint,
        findingSeverity: value.data.severity,
        findingTitle: value.data.title,
        findingRuleId: value.data.ruleId,
        owaspCategory: value.data.owaspCategory,
        analysisStatus: null,
        findingCount: null,
        score: null,
      },
    };
  }
  return {
    row: {
      ...base,
      findingId: null,
      findingFingerprint: null,
      findingSeverity: null,
      findingTitle: null,
      findingRuleId: null,
      owaspCategory: null,
      analysisStatus: value.data.status,
      findingCount: value.data.findingCount,
      score: value.data.score,
    },
  };
}
