import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnalysisStatus } from '../analysis-status.js';
import { analysisSummaryColumns, toAnalysisEntity, type AnalysisRow } from './analysis-row.js';
import type { AnalysisWithProject } from './analysis.repository.js';

/** Position of an analysis in a listing (newest first); `createdAt` keeps Postgres' microseconds. */
export interface AnalysisKeysetPosition {
  /** ISO 8601 with microseconds, as Postgres wrote it: a JS Date would drop them and skip rows. */
  createdAt: string;
  id: string;
}

export interface AnalysisPageQuery {
  orgId: string;
  /** projects.id */
  projectId: string;
  status: AnalysisStatus | null;
  /** Rows strictly after this position (older); null = from the newest. */
  after: AnalysisKeysetPosition | null;
  limit: number;
}

export interface ListedAnalysis extends AnalysisWithProject {
  position: AnalysisKeysetPosition;
}

/** A row of a keyset-paged list: the analysis summary, its project key and its exact position. */
export type ListedAnalysisRow = AnalysisRow & { project_key: string; created_at_exact: string };

const A = `"analysis"."analyses"`;
const P = `"analysis"."projects"`;

/**
 * SELECT list of a keyset-paged list over analyses `a` joined to projects `p`: the summary columns,
 * the project key and created_at with its microseconds as text (a JS Date would drop them).
 */
export const LISTED_ANALYSIS_COLUMNS = `${analysisSummaryColumns('a')}, p."key" AS "project_key",
  to_char(a."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "created_at_exact"`;

export function toListedAnalysis(row: ListedAnalysisRow): ListedAnalysis {
  return {
    analysis: toAnalysisEntity(row),
    projectKey: row.project_key,
    position: { createdAt: row.created_at_exact, id: row.id },
  };
}

/**
 * Reads analyses in bulk: a project's analyses page by page (keyset on created_at, id, newest
 * first, served by the analyses_org_project_created_id index) and many analyses by id at once.
 * Every statement is scoped by org id.
 */
@Injectable()
export class AnalysisListingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: AnalysisPageQuery): Promise<ListedAnalysis[]> {
    const params: unknown[] = [query.orgId, query.projectId, query.limit];
    const conditions = [`a."org_id" = $1`, `a."project_id" = $2`];
    if (query.status !== null) {
      params.push(query.status);
      conditions.push(`a."status" = $${params.length}::"analysis"."analysis_status"`);
    }
    if (query.after !== null) {
      params.push(query.after.createdAt, query.after.id);
      conditions.push(`(a."created_at", a."id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${LISTED_ANALYSIS_COLUMNS}
         FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE ${conditions.join(' AND ')}
        ORDER BY a."created_at" DESC, a."id" DESC
        LIMIT $3`,
      params,
    )) as ListedAnalysisRow[];
    return rows.map(toListedAnalysis);
  }

  async count(orgId: string, projectId: string, status: AnalysisStatus | null): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS "total" FROM ${A}
        WHERE "org_id" = $1 AND "project_id" = $2 AND ($3::"analysis"."analysis_status" IS NULL OR "status" = $3)`,
      [orgId, projectId, status],
    )) as Array<{ total: number }>;
    return rows[0]?.total ?? 0;
  }

  /** The org's analyses among `ids` (others' and unknown ids are simply absent), in one statement; summaries (no spec text). */
  async findManyWithProject(orgId: string, ids: readonly string[]): Promise<AnalysisWithProject[]> {
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${analysisSummaryColumns('a')}, p."key" AS "project_key" FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE a."org_id" = $1 AND a."id" = ANY($2::uuid[])`,
      [orgId, ids],
    )) as ListedAnalysisRow[];
    return rows.map((row) => ({ analysis: toAnalysisEntity(row), projectKey: row.project_key }));
  }
}
