import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationDeliveryEntity, type DeliveryStatusName } from '../entities/integration-delivery.entity.js';
import type { IntegrationType } from '../integration.constants.js';

export interface PendingDelivery {
  deliveryId: string;
  integrationId: string;
  correlationId: string;
}

@Injectable()
export class IntegrationDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one statement: creates the missing deliveries of an analysis for the org's integrations of
   * the project (of the given types), one per integration, and answers every one of them that is
   * still PENDING, new or not, so a redelivered event re-enqueues work a crash left behind.
   */
  async ensurePendingForProject(input: {
    orgId: string;
    projectId: string;
    types: readonly IntegrationType[];
    analysisId: string;
    triggerEventId: string;
    correlationId: string;
  }): Promise<PendingDelivery[]> {
    // The final SELECT sees the table as it was before the CTE's INSERT, so new and earlier rows never repeat.
    const rows = (await this.dataSource.query(
      `WITH targets AS (
         SELECT "id" FROM "integration"."integrations" WHERE "org_id" = $1 AND "project_id" = $2 AND "type" = ANY($3::text[])
       ), created AS (
         INSERT INTO "integration"."integration_deliveries" ("org_id", "integration_id", "analysis_id", "trigger_event_id", "correlation_id")
         SELECT $1, t."id", $4, $5, $6 FROM targets t
         ON CONFLICT ("integration_id", "analysis_id") DO NOTHING
         RETURNING "id", "integration_id", "correlation_id"
       )
       SELECT "id", "integration_id", "correlation_id" FROM created
       UNION ALL
       SELECT d."id", d."integration_id", d."correlation_id" FROM "integration"."integration_deliveries" d
         JOIN targets t ON t."id" = d."integration_id"
        WHERE d."analysis_id" = $4 AND d."status" = 'PENDING'`,
      [input.orgId, input.projectId, [...input.types], input.analysisId, input.triggerEventId, input.correlationId],
    )) as Array<{ id: string; integration_id: string; correlation_id: string }>;
    return rows.map((row) => ({ deliveryId: row.id, integrationId: row.integration_id, correlationId: row.correlation_id }));
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
