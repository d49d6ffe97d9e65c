import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from './delivery-row.js';
import type { WebhookDeliveryView } from './webhook-delivery.view.js';

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
         SELECT ${DELIVERY_COLUMNS},
                row_number() OVER (PARTITION BY m."analysis_id" ORDER BY m."created_at", m."id") AS "rank"
           FROM "webhook"."messages" m
           JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
          WHERE m."org_id" = $1 AND m."analysis_id" = ANY($2::text[])
       ) ranked
       WHERE "rank" <= $3
       ORDER BY "created_at", "id"`,
      [orgId, [...new Set(analysisIds)], MAX_DELIVERIES_PER_ANALYSIS],
    )) as DeliveryRow[];
    for (const row of rows) if (row.analysis_id) byAnalysis.get(row.analysis_id)?.push(toDeliveryView(row));
    return byAnalysis;
  }
}
