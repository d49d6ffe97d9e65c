import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '@so/contracts';
import { MicroBatcher, preparedQuery } from '@so/shared';
import { DataSource, In } from 'typeorm';
import { IntegrationEventEntity } from '../entities/integration-event.entity.js';
import type { RecordedEventType } from '../integration.constants.js';

/**
 * An event of a recorded type, checked by the caller against the recorded schema (the events
 * library's `checkRecordedEvent`): the statement casts its fields without checking them again.
 */
export type RecordableEvent = DomainEvent<RecordedEventType>;

/** What recording one event found. */
export interface RecordedEventResult {
  /** False when an event with the same `event_id` was recorded before (a redelivery). */
  inserted: boolean;
  /**
   * `analysis.completed` only (false for other types): the event's org had at least one integration
   * for the event's project, as committed when the recording statement started. What dispatch needs
   * to know whether a completion can cause a push, read in the statement that records it instead of
   * in a statement of its own.
   */
  projectHasIntegrations: boolean;
}

/**
 * One statement for a whole batch: the events travel as they came, one JSON array parameter, and the
 * columns are read from it here (no per-event row is built in JavaScript). It answers the input
 * positions (`ord`, from 1) of the events it inserted, and those of the completions whose project has
 * an integration (each position at most once per kind).
 */
const RECORD_EVENTS = `
  WITH input AS (
    SELECT e."ord"::integer AS "ord", (e."event"->>'id')::uuid AS "eventId", e."event"->>'type' AS "eventType",
           e."event"->>'orgId' AS "orgId", e."event"->>'projectId' AS "projectId", e."event"->'data' AS "data",
           e."event"->>'correlationId' AS "correlationId", (e."event"->>'occurredAt')::timestamptz AS "occurredAt"
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e("event", "ord")
  ), inserted AS (
    INSERT INTO "integration"."integration_events"
      ("org_id", "event_id", "event_type", "project_id", "analysis_id", "finding_id", "finding_fingerprint",
       "finding_severity", "finding_title", "finding_rule_id", "owasp_category", "analysis_status",
       "finding_count", "score", "payload", "correlation_id", "occurred_at")
    SELECT r."orgId", r."eventId", r."eventType", r."projectId", (r."data"->>'analysisId')::uuid, f."findingId",
           f."fingerprint", f."severity", f."title", f."ruleId", f."owaspCategory", c."status", c."findingCount",
           c."score", r."data", r."correlationId", r."occurredAt"
      FROM input r
      -- The finding columns of a finding, the completion columns of a completion; null otherwise.
      LEFT JOIN LATERAL jsonb_to_record(r."data") AS f("findingId" text, "fingerprint" text, "severity" text, "title" text, "ruleId" text, "owaspCategory" text)
        ON r."eventType" = 'finding.detected'
      LEFT JOIN LATERAL jsonb_to_record(r."data") AS c("status" text, "findingCount" integer, "score" double precision)
        ON r."eventType" = 'analysis.completed'
     -- In input (stream) order, so the arrival sequence numbers them as they were received.
     ORDER BY r."ord"
    ON CONFLICT ("event_id") DO NOTHING
    RETURNING "event_id"
  )
  -- The same event twice in one batch: only its first position counts as the insert.
  SELECT min(r."ord") AS "ord", false AS "integrated" FROM input r JOIN inserted i ON i."event_id" = r."eventId" GROUP BY r."eventId"
  UNION ALL
  SELECT r."ord", true FROM input r
   WHERE r."eventType" = 'analysis.completed'
     AND EXISTS (SELECT 1 FROM "integration"."integrations" g WHERE g."org_id" = r."orgId" AND g."project_id" = r."projectId")`;

@Injectable()
export class IntegrationEventRepository {
  /**
   * Events recorded together leave as one statement (group commit). One batch at a time, so a batch
   * commits before the next starts: the findings of an analysis, published before its completion,
   * are committed by the time the completion is reported recorded.
   */
  private readonly recorder = new MicroBatcher<RecordableEvent, RecordedEventResult>({
    run: (events) => this.recordBatch(events),
    maxBatchSize: 200,
    maxInFlight: 1,
  });

  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless an event with the same `event_id` is already recorded. */
  recordOnce(event: RecordableEvent): Promise<RecordedEventResult> {
    return this.recorder.add(event);
  }

  private async recordBatch(events: RecordableEvent[]): Promise<RecordedEventResult[]> {
    const rows = await preparedQuery<{ ord: number; integrated: boolean }>(this.dataSource, 'integration_record_events', RECORD_EVENTS, [JSON.stringify(events)]);
    const results = events.map((): RecordedEventResult => ({ inserted: false, projectHasIntegrations: false }));
    for (const row of rows) {
      const result = results[row.ord - 1];
      if (!result) continue;
      if (row.integrated) result.projectHasIntegrations = true;
      else result.inserted = true;
    }
    return results;
  }

  /** Events of `orgId` for these analyses, oldest first. */
  findByAnalyses(orgId: string, analysisIds: readonly string[]): Promise<IntegrationEventEntity[]> {
    if (analysisIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(IntegrationEventEntity).find({
      where: { orgId, analysisId: In([...analysisIds]) },
      // Events of one analysis often share a millisecond; arrival order breaks the tie.
      order: { occurredAt: 'ASC', arrival: 'ASC' },
    });
  }

  /** The recorded `finding.detected` and `analysis.completed` events of one analysis, oldest first. */
  findForAnalysis(orgId: string, analysisId: string): Promise<IntegrationEventEntity[]> {
    return this.dataSource.getRepository(IntegrationEventEntity).find({
      where: { orgId, analysisId },
      order: { occurredAt: 'ASC', arrival: 'ASC' },
    });
  }
}
