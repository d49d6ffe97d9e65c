import type { FindingBatch, FindingToPush, Severity } from '@so/integration-connectors';
import { meetsThreshold } from '@so/integration-connectors';
import type { IntegrationEventEntity } from '@so/integration-data-access';

interface DeliveryRef {
  deliveryId: string;
  integrationId: string;
  projectId: string;
  analysisId: string;
  correlationId: string;
}

/** Triage decisions that mean "do not act on this": such findings are never pushed as issues or messages. */
const SUPPRESSED_STATUSES = new Set(['false_positive', 'accepted_risk']);

/**
 * The findings of one analysis, from the recorded events, that reach the threshold and were not
 * triaged away by the project: one per fingerprint (an analysis may report the same flaw twice),
 * most severe first.
 */
export function buildFindingBatch(delivery: DeliveryRef, events: readonly IntegrationEventEntity[], threshold: Severity): FindingBatch {
  const byFingerprint = new Map<string, FindingToPush>();
  let score: number | null = null;
  for (const event of events) {
    if (event.eventType === 'analysis.completed') score = event.score;
    if (event.eventType !== 'finding.detected' || !event.findingFingerprint || !event.findingSeverity) continue;
    if (!meetsThreshold(event.findingSeverity, threshold) || byFingerprint.has(event.findingFingerprint)) continue;
    const payload = event.payload as { cweId?: unknown; location?: unknown; status?: unknown };
    if (typeof payload.status === 'string' && SUPPRESSED_STATUSES.has(payload.status)) continue;
    byFingerprint.set(event.findingFingerprint, {
      findingId: event.findingId ?? '',
      fingerprint: event.findingFingerprint,
      title: event.findingTitle ?? '',
      severity: event.findingSeverity as Severity,
      ruleId: event.findingRuleId ?? '',
      owaspCategory: event.owaspCategory ?? '',
      cweId: typeof payload.cweId === 'string' && payload.cweId ? payload.cweId : null,
      location: typeof payload.location === 'string' && payload.location ? payload.location : null,
    });
  }
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const findings = [...byFingerprint.values()].sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { ...delivery, score, findings };
}
