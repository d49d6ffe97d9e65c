import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnalysisStatus } from '../analysis-status.js';
import {
  LISTED_ANALYSIS_COLUMNS,
  toListedAnalysis,
  type AnalysisKeysetPosition,
  type ListedAnalysis,
  type ListedAnalysisRow,
} from './analysis-listing.repository.js';

export interface AnalysisCatalogQuery {
  orgId: string;
  /** A project key; null = every project of the org. */
  projectKey: string | null;
  /** Empty = every status. */
  statuses: readonly AnalysisStatus[];
  /** Inclusive lower bound on created_at. */
  createdFrom: Date | null;
  /** Exclusive upper bound on created_at. */
  createdTo: Date | null;
  oldestFirst: boolean;
  /** Rows strictly after this position in the chosen order; null = from the start. */
  after: AnalysisKeysetPosition | null;
  limit: number;
}

/**
 * The org-wide list of analyses behind `GET /api/v1/security/analyses`: filtered by project, status
 * and creation time, in either order, keyset-paged on (created_at, id) so a page costs the same
 * anywhere in the list (served by analyses_org_created_id). Every statement is scoped by org id;
 * spec texts are not read.
 */
@Injectable()
export class AnalysisCatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: AnalysisCatalogQuery): Promise<ListedAnalysis[]> {
    const params: unknown[] = [query.orgId];
    const conditions = [`a."org_id" = $1`];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (query.projectKey !== null) conditions.push(`p."key" = ${bind(query.projectKey)}`);
    if (query.statuses.length > 0) conditions.push(`a."status" = ANY(${bind(query.statuses)}::"analysis"."analysis_status"[])`);
    if (query.createdFrom) conditions.push(`a."created_at" >= ${bind(query.createdFrom)}`);
    if (query.createdTo) conditions.push(`a."created_at" < ${bind(query.createdTo)}`);
    if (query.after) {
      const position = `(${bind(query.after.createdAt)}::timestamptz, ${bind(query.after.id)}::uuid)`;
      conditions.push(`(a."created_at", a."id") ${query.oldestFirst ? '>' : '<'} ${position}`);
    }
    const direction = query.oldestFirst ? 'ASC' : 'DESC';
    const rows = (await this.dataSource.query(
      `SELECT ${LISTED_ANALYSIS_COLUMNS}
         FROM "analysis"."analyses" a JOIN "analysis"."projects" p ON p."id" = a."project_id"
        WHERE ${conditions.join(' AND ')}
        ORDER BY a."created_at" ${direction}, a."id" ${direction}
        LIMIT ${bind(query.limit)}`,
      params,
    )) as ListedAnalysisRow[];
    return rows.map(toListedAnalysis);
  }
}
