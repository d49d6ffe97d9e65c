import type { AnyDomainEvent } from '@so/contracts';
import type { RecordableEvent } from '@so/integration-data-access';
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
 * The event itself when it can be recorded as it is, or the reason it cannot. Events come from other
 * services; one that does not match its schema is reported and skipped instead of blocking the stream.
 * A valid event is answered as received, not as zod's copy: the recording statement reads its columns
 * from the event's JSON, so nothing per event is built or copied here.
 */
export function checkRecordedEvent(event: AnyDomainEvent): { event: RecordableEvent } | { problem: string } {
  const parsed = recordedEvent.safeParse(event);
  if (!parsed.success) {
    return { problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
  }
  return { event: event as RecordableEvent };
}
