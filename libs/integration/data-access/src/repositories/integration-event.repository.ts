import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { IntegrationEventEntity } from '../entities/integration-event.entity.js';

/** A row to record; `id` and `receivedAt` are set by the database. */
export type NewIntegrationEvent = Omit<IntegrationEventEntity, 'id' | 'receivedAt'>;

@Injectable()
export class IntegrationEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless an event with the same `event_id` is already recorded; answers whether it inserted. */
  async recordOnce(event: NewIntegrationEvent): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(IntegrationEventEntity)
      .values(event)
      .orIgnore()
      .returning(['id'])
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  /** Events of `orgId` for these analyses, oldest first. */
  findByAnalyses(orgId: string, analysisIds: readonly string[]): Promise<IntegrationEventEntity[]> {
    if (analysisIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(IntegrationEventEntity).find({
      where: { orgId, analysisId: In([...analysisIds]) },
      // Events of one analysis often share a millisecond; arrival order breaks the tie.
      order: { occurredAt: 'ASC', receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The recorded `finding.detected` and `analysis.completed` events of one analysis, oldest first. */
  findForAnalysis(orgId: string, analysisId: string): Promise<IntegrationEventEntity[]> {
    return this.dataSource.getRepository(IntegrationEventEntity).find({
      where: { orgId, analysisId },
      order: { occurredAt: 'ASC', receivedAt: 'ASC', id: 'ASC' },
    });
  }
}
