import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationDeliveryEntity, type DeliveryStatusName } from '../entities/integration-delivery.entity.js';

export interface NewDelivery {
  orgId: string;
  integrationId: string;
  analysisId: string;
  triggerEventId: string;
  correlationId: string;
}

@Injectable()
export class IntegrationDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the missing deliveries (one per integration and analysis) and answers every delivery of
   * these integrations for the analysis that is still PENDING, new or not, so a redelivered event
   * re-enqueues work a crash left behind.
   */
  async ensurePending(analysisId: string, deliveries: readonly NewDelivery[]): Promise<IntegrationDeliveryEntity[]> {
    if (deliveries.length === 0) return [];
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(IntegrationDeliveryEntity)
      .values(deliveries.map((delivery) => ({ ...delivery, status: 'PENDING' as const, attempts: 0 })))
      .orIgnore()
      .execute();
    return this.dataSource
      .getRepository(IntegrationDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.analysis_id = :analysisId', { analysisId })
      .andWhere('d.integration_id IN (:...ids)', { ids: deliveries.map((delivery) => delivery.integrationId) })
      .andWhere(`d.status = 'PENDING'`)
      .getMany();
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

  /** Final state; only a PENDING delivery moves, so a late duplicate job cannot overwrite the outcome. */
  async finish(id: string, status: Exclude<DeliveryStatusName, 'PENDING'>, findingCount: number | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE "integration"."integration_deliveries"
          SET "status" = $2, "finding_count" = COALESCE($3, "finding_count"), "last_error" = COALESCE($4, "last_error"), "finished_at" = now()
        WHERE "id" = $1 AND "status" = 'PENDING'`,
      [id, status, findingCount, error],
    );
  }
}
