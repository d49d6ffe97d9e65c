import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnalysisConfigRecord } from '../analysis-record.types.js';
import { analysisColumns, toAnalysisEntity, type AnalysisRow } from './analysis-row.js';
import type { AnalysisWithProject } from './analysis.repository.js';

/** Changes the options of an analysis that no worker has claimed yet. */
@Injectable()
export class AnalysisConfigRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Null when the analysis is not the org's or is no longer PENDING. The status check and the write
   * are one statement, so a worker claiming the analysis at the same moment either sees the new
   * config or makes this update miss; it never runs with half of it.
   */
  async replaceIfPending(orgId: string, id: string, config: AnalysisConfigRecord): Promise<AnalysisWithProject | null> {
    const rows = (await this.dataSource.query(
      `WITH changed AS (
         UPDATE "analysis"."analyses" SET "config" = $3::jsonb
          WHERE "id" = $1 AND "org_id" = $2 AND "status" = 'PENDING'
         RETURNING *
       )
       SELECT ${analysisColumns('changed')}, p."key" AS "project_key"
         FROM changed JOIN "analysis"."projects" p ON p."id" = changed."project_id"`,
      [id, orgId, JSON.stringify(config)],
    )) as Array<AnalysisRow & { project_key: string }>;
    const row = rows[0];
    return row ? { analysis: toAnalysisEntity(row), projectKey: row.project_key } : null;
  }
}
