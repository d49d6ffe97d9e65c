import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnalysisStatus, FindingSeverity, FindingStatus } from '../analysis-status.js';

export interface CountBy<K extends string> {
  key: K;
  count: number;
}

/** A completed analysis in the project's score trend. */
export interface ScoreTrendPoint {
  analysisId: string;
  completedAt: Date;
  score: number | null;
  totalFindings: number;
  critical: number;
  high: number;
}

export interface ProjectMetricsRecord {
  totalAnalyses: number;
  analysesByStatus: Array<CountBy<AnalysisStatus>>;
  /** The latest COMPLETED analysis, whose findings the finding counts describe; null before the first. */
  latestAnalysisId: string | null;
  latestScore: number | null;
  totalFindings: number;
  findingsBySeverity: Array<CountBy<FindingSeverity>>;
  findingsByStatus: Array<CountBy<FindingStatus>>;
  findingsByCategory: Array<CountBy<string>>;
  /** Oldest first. */
  trend: ScoreTrendPoint[];
}

interface Row {
  total_analyses: number;
  analyses_by_status: Array<CountBy<AnalysisStatus>>;
  latest_analysis_id: string | null;
  latest_score: number | null;
  total_findings: number;
  findings_by_severity: Array<CountBy<FindingSeverity>>;
  findings_by_status: Array<CountBy<FindingStatus>>;
  findings_by_category: Array<CountBy<string>>;
  trend: Array<Omit<ScoreTrendPoint, 'completedAt'> & { completedAt: string }>;
}

const A = `"analysis"."analyses"`;
const F = `"analysis"."findings"`;

/**
 * A project's dashboard numbers in one statement: every count is a GROUP BY / FILTER aggregate in
 * Postgres, so the cost does not grow with rows shipped to the service.
 */
@Injectable()
export class AnalysisMetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async forProject(orgId: string, projectId: string, trendLength: number): Promise<ProjectMetricsRecord> {
    const rows = (await this.dataSource.query(
      `WITH scoped AS (
         SELECT "id", "status", "metrics", "completed_at" FROM ${A} WHERE "org_id" = $1 AND "project_id" = $2
       ), latest AS (
         SELECT "id", "metrics" FROM scoped WHERE "status" = 'COMPLETED' ORDER BY "completed_at" DESC, "id" DESC LIMIT 1
       ), latest_findings AS (
         SELECT f."severity", f."status", f."category" FROM ${F} f JOIN latest ON f."analysis_id" = latest."id"
          WHERE f."org_id" = $1
       ), recent AS (
         SELECT "id", "metrics", "completed_at" FROM scoped WHERE "status" = 'COMPLETED'
          ORDER BY "completed_at" DESC, "id" DESC LIMIT $3
       ), trend AS (
         SELECT r."id", r."completed_at", (r."metrics"->>'score')::float8 AS "score",
                count(f."id")::int AS "total",
                (count(*) FILTER (WHERE f."severity" = 'critical'))::int AS "critical",
                (count(*) FILTER (WHERE f."severity" = 'high'))::int AS "high"
           FROM recent r LEFT JOIN ${F} f ON f."analysis_id" = r."id" AND f."org_id" = $1
          GROUP BY r."id", r."completed_at", r."metrics"
       )
       SELECT
         (SELECT count(*)::int FROM scoped) AS "total_analyses",
         (SELECT coalesce(json_agg(json_build_object('key', s."status", 'count', s."n")), '[]'::json)
            FROM (SELECT "status", count(*)::int AS "n" FROM scoped GROUP BY "status") s) AS "analyses_by_status",
         (SELECT "id" FROM latest) AS "latest_analysis_id",
         (SELECT ("metrics"->>'score')::float8 FROM latest) AS "latest_score",
         (SELECT count(*)::int FROM latest_findings) AS "total_findings",
         (SELECT coalesce(json_agg(json_build_object('key', s."severity", 'count', s."n")), '[]'::json)
            FROM (SELECT "severity", count(*)::int AS "n" FROM latest_findings GROUP BY "severity") s) AS "findings_by_severity",
         (SELECT coalesce(json_agg(json_build_object('key', s."status", 'count', s."n")), '[]'::json)
            FROM (SELECT "status", count(*)::int AS "n" FROM latest_findings GROUP BY "status") s) AS "findings_by_status",
         (SELECT coalesce(json_agg(json_build_object('key', s."category", 'count', s."n") ORDER BY s."n" DESC, s."category"), '[]'::json)
            FROM (SELECT "category", count(*)::int AS "n" FROM latest_findings GROUP BY "category") s) AS "findings_by_category",
         (SELECT coalesce(json_agg(json_build_object(
                   'analysisId', t."id", 'completedAt', t."completed_at", 'score', t."score",
                   'totalFindings', t."total", 'critical', t."critical", 'high', t."high") ORDER BY t."completed_at", t."id"),
                 '[]'::json)
            FROM trend t) AS "trend"`,
      [orgId, projectId, trendLength],
    )) as Row[];
    const row = rows[0] as Row;
    return {
      totalAnalyses: row.total_analyses,
      analysesByStatus: row.analyses_by_status,
      latestAnalysisId: row.latest_analysis_id,
      latestScore: row.latest_score,
      totalFindings: row.total_findings,
      findingsBySeverity: row.findings_by_severity,
      findingsByStatus: row.findings_by_status,
      findingsByCategory: row.findings_by_category,
      trend: row.trend.map((point) => ({ ...point, completedAt: new Date(point.completedAt) })),
    };
  }
}
