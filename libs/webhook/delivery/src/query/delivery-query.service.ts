import { Injectable } from '@nestjs/common';
import type { WebhookMessageStatus } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import type { WebhookDeliveryView } from './webhook-delivery.view.js';

interface DeliveryRow {
  id: string;
  analysis_id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  endpoint_url: string;
  status: WebhookMessageStatus;
  attempt_count: number;
  last_response_status: number | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** Per-analysis cap, so an analysis with many progress events cannot produce an unbounded answer. */
const MAX_DELIVERIES_PER_ANALYSIS = 500;

@Injectable()
export class DeliveryQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Deliveries of events about the given analyses, in one query for the whole batch (no N+1). */
  async byAnalysisIds(orgId: string, analysisIds: readonly string[]): Promise<Map<string, WebhookDeliveryView[]>> {
    const byAnalysis = new Map<string, WebhookDeliveryView[]>(analysisIds.map((id) => [id, []]));
    if (analysisIds.length === 0) return byAnalysis;
    const rows = (await this.dataSource.query(
      `SELECT * FROM (
         SELECT m."id", m."analysis_id", m."event_id", m."event_type", m."endpoint_id", e."url" AS "endpoint_url",
                m."status", m."attempt_count", m."last_response_status", m."last_attempt_at", m."delivered_at", m."created_at",
                row_number() OVER (PARTITION BY m."analysis_id" ORDER BY m."created_at", m."id") AS "rank"
           FROM "webhook"."messages" m
           JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
          WHERE m."org_id" = $1 AND m."analysis_id" = ANY($2::text[])
       ) ranked
       WHERE "rank" <= $3
       ORDER BY "created_at", "id"`,
      [orgId, [...new Set(analysisIds)], MAX_DELIVERIES_PER_ANALYSIS],
    )) as DeliveryRow[];
    for (const row of rows) byAnalysis.get(row.analysis_id)?.push(toView(row));
    return byAnalysis;
  }
}

function toView(row: DeliveryRow): WebhookDeliveryView {
  // The summary columns are written in the same transaction as each attempt, so they are the log's last word.
  const lastAttemptStatus = row.attempt_count === 0 ? null : row.status === 'delivered' ? 'succeeded' : 'failed';
  return {
    id: row.id,
    analysisId: row.analysis_id,
    eventId: row.event_id,
    eventType: row.event_type,
    endpointId: row.endpoint_id,
    endpointUrl: row.endpoint_url,
    status: row.status,
    attempts: row.attempt_count,
    lastAttemptStatus,
    lastResponseStatus: row.last_response_status,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}
