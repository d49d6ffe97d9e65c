import { Injectable } from '@nestjs/common';
import { MicroBatcher } from '@so/shared';
import { DataSource, In } from 'typeorm';
import { IntegrationEventEntity } from '../entities/integration-event.entity.js';

/** A row to record; `id`, `receivedAt` and `arrival` are set by the database. */
export type NewIntegrationEvent = Omit<IntegrationEventEntity, 'id' | 'receivedAt' | 'arrival'>;

/** One statement for a whole batch: the rows travel as one JSON array parameter. */
const RECORD_EVENTS = `
  INSERT INTO "integration"."integration_events"
    ("org_id", "event_id", "event_type", "project_id", "analysis_id", "finding_id", "finding_fingerprint",
     "finding_severity", "finding_title", "finding_rule_id", "owasp_category", "analysis_status",
     "finding_count", "score", "payload", "correlation_id", "occurred_at")
  SELECT r."orgId", r."eventId", r."eventType", r."projectId", r."analysisId", r."findingId", r."findingFingerprint",
         r."findingSeverity", r."findingTitle", r."findingRuleId", r."owaspCategory", r."analysisStatus",
         r."findingCount", r."score", r."payload", r."correlationId", r."occurredAt"
    FROM jsonb_to_recordset($1::jsonb) AS r(
      "orgId" text, "eventId" uuid, "eventType" text, "projectId" text, "analysisId" uuid, "findingId" text,
      "findingFingerprint" text, "findingSeverity" text, "findingTitle" text, "findingRuleId" text,
      "owaspCategory" text, "analysisStatus" text, "findingCount" integer, "score" double precision,
      "payload" jsonb, "correlationId" text, "occurredAt" timestamptz, "ord" integer)
   -- In input (stream) order, so the arrival sequence numbers them as they were received.
   ORDER BY r."ord"
  ON CONFLICT ("event_id") DO NOTHING
  RETURNING "event_id"`;

@Injectable()
export class IntegrationEventRepository {
  /**
   * Events recorded together leave as one statement (group commit). One batch at a time, so a batch
   * commits before the next starts: the findings of an analysis, published before its completion,
   * are committed by the time the completion is reported recorded.
   */
  private readonly recorder = new MicroBatcher<NewIntegrationEvent, boolean>({
    run: (events) => this.recordBatch(events),
    maxBatchSize: 200,
    maxInFlight: 1,
  });

  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless an event with the same `event_id` is already recorded; answers whether it inserted. */
  recordOnce(event: NewIntegrationEvent): Promise<boolean> {
    return this.recorder.add(event);
  }

  private async recordBatch(events: NewIntegrationEvent[]): Promise<boolean[]> {
    const input = JSON.stringify(events.map((event, ord) => ({ ...event, ord })));
    const rows = (await this.dataSource.query(RECORD_EVENTS, [input])) as Array<{ event_id: string }>;
    const inserted = new Set(rows.map((row) => row.event_id));
    // The same event twice in one batch: the first one is the insert, the other a duplicate.
    return events.map((event) => inserted.delete(event.eventId.toLowerCase()));
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
