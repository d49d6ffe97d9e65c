import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FindingEntity } from '../entities/finding.entity.js';

/** Findings of many analyses in one statement (GraphQL batching), scoped by org. */
@Injectable()
export class FindingBatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Per analysis: most severe first, then in the order they were found (as FindingRepository lists them). */
  listForAnalyses(orgId: string, analysisIds: readonly string[]): Promise<FindingEntity[]> {
    if (analysisIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.org_id = :orgId AND f.analysis_id IN (:...analysisIds)', { orgId, analysisIds: [...analysisIds] })
      .orderBy('f.analysis_id', 'ASC')
      .addOrderBy('f.severity', 'ASC')
      .addOrderBy('f.created_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /** The org's findings among `ids` (others' are simply absent), in one statement. */
  findManyByIds(orgId: string, ids: readonly string[]): Promise<FindingEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.org_id = :orgId AND f.id IN (:...ids)', { orgId, ids: [...ids] })
      .getMany();
  }
}
