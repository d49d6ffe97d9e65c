import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@so/shared';
import { DataSource } from 'typeorm';
import { IntegrationDeliveryEntity, type DeliveryStatusName } from '../entities/integration-delivery.entity.js';
import type { IntegrationType } from '../integration.constants.js';

/** A completed analysis whose project's integrations get a delivery each. */
export interface CompletedAnalysisInput {
  orgId: string;
  projectId: string;
  analysisId: string;
  triggerEventId: string;
  correlationId: string;
}

export interface PendingDelivery {
  deliveryId: string;
  integrationId: string;
  correlationId: string;
}

@Injectable()
export class IntegrationDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one statement for many completed analyses: creates the missing deliveries of each analysis
   * for the org's integrations of its project (of the given types), one per integration, and answers,
   * per analysis in input order, every one of them that is still PENDING, new or not, so a redelivered
   * event re-enqueues work a crash left behind.
   */
  async ensurePendingForAnalyses(
    analyses: readonly CompletedAnalysisInput[],
    types: readonly IntegrationType[],
  ): Promise<PendingDelivery[][]> {
    if (analyses.length === 0) return [];
    // The final SELECT sees the table as it was before the CTE's INSERT, so new and earlier rows never repeat.
    // Each input row's integrations and each target's delivery are looked up by index one row at a time:
    // `OFFSET 0` keeps the lateral subqueries from becoming joins. The planner takes jsonb_to_recordset for
    // 100 rows whatever it holds; as joins, every batch read all integrations (4.3 ms and 284 buffers for one
    // completion among 20 000 integrations, now 0.15 ms and 37), and without statistics the targets were
    // taken for one row, so every created delivery was compared with every target (0.5 s for 2000 targets,
    // now 40 ms). Estimated right, the targets would be hashed and every delivery read to find the pending
    // ones. Lists of keys (`= ANY(ARRAY(...))`) also made the planner take the targets for one row.
    const rows = await preparedQuery<{ ord: number; id: string; integration_id: string; correlation_id: string }>(
      this.dataSource,
      'integration_ensure_pending_deliveries',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i("ord" integer, "orgId" text, "projectId" text, "analysisId" uuid, "triggerEventId" uuid, "correlationId" text)
       ), targets AS (
         SELECT i."ord", i."orgId", i."analysisId", i."triggerEventId", i."correlationId", g."id" AS "integrationId"
           FROM input i
           CROSS JOIN LATERAL (
             SELECT g."id" FROM "integration"."integrations" g
              WHERE g."org_id" = i."orgId" AND g."project_id" = i."projectId" AND g."type" = ANY($2::text[])
             OFFSET 0
           ) g
       ), created AS (
         INSERT INTO "integration"."integration_deliveries" ("org_id", "integration_id", "analysis_id", "trigger_event_id", "correlation_id")
         SELECT t."orgId", t."integrationId", t."analysisId", t."triggerEventId", t."correlationId" FROM targets t
         ON CONFLICT ("integration_id", "analysis_id") DO NOTHING
         RETURNING "id", "integration_id", "analysis_id", "correlation_id"
       )
       SELECT t."ord", c."id", c."integration_id", c."correlation_id"
         FROM created c JOIN targets t ON t."integrationId" = c."integration_id" AND t."analysisId" = c."analysis_id"
       UNION ALL
       SELECT t."ord", d."id", d."integration_id", d."correlation_id"
         FROM targets t
         CROSS JOIN LATERAL (
           SELECT d."id", d."integration_id", d."correlation_id" FROM "integration"."integration_deliveries" d
            WHERE d."integration_id" = t."integrationId" AND d."analysis_id" = t."analysisId" AND d."status" = 'PENDING'
           OFFSET 0
         ) d`,
      [JSON.stringify(analyses.map((analysis, ord) => ({ ord, ...analysis }))), [...types]],
    );
    const pending = analyses.map((): PendingDelivery[] => []);
    for (const row of rows)
      pending[row.ord]?.push({
        deliveryId: row.id,
        integrationId: row.integration_id,
        correlationId: row.correlation_id,
      });
    return pending;
  }

  findById(id: string): Promise<IntegrationDeliveryEntity | null> {
    return this.dataSource.getRepository(IntegrationDeliveryEntity).findOne({ where: { id } });
  }

  async recordAttempt(id: string, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE "integration"."integration_deliveries" SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "id" = $1`,
      [id, error],
    );
  }

  /**
   * Final state; only a PENDING delivery moves, so a late duplicate job cannot overwrite the outcome.
   * `attempted` counts the attempt that ended it (the success path records it here, in one statement).
   */
  async finish(
    id: string,
    status: Exclude<DeliveryStatusName, 'PENDING'>,
    findingCount: number | null,
    error: string | null,
    attempted = false,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE "integration"."integration_deliveries"
          SET "status" = $2, "finding_count" = COALESCE($3, "finding_count"), "last_error" = COALESCE($4, "last_error"),
              "attempts" = "attempts" + $5, "finished_at" = now()
        WHERE "id" = $1 AND "status" = 'PENDING'`,
      [id, status, findingCount, error, attempted ? 1 : 0],
    );
  }
}
