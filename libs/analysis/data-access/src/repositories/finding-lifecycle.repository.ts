import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisComparisonRecord, FixedFindingRecord } from '../finding-lifecycle.types.js';
import { inheritedTriageSql, occurrenceSql, previousAnalysisLateral } from './finding-history.sql.js';

const A = `"analysis"."analyses"`;
const F = `"analysis"."findings"`;
const T = `"analysis"."finding_triage"`;
const C = `"analysis"."analysis_comparisons"`;

interface ComparisonRow {
  analysis_id: string;
  previous_analysis_id: string | null;
  new_count: number;
  remaining_count: number;
  fixed_count: number;
  fixed: FixedFindingRecord[];
}

/**
 * Ties one analysis' findings to the project's history. The previous analysis is the latest
 * COMPLETED one of the same project created before this one with the same subject: the same
 * target URL (or none) and, likewise, a spec or none (`previousAnalysisLateral`). Comparing a
 * spec-only audit with a live probe of the same project would report every finding of the other
 * kind as new or fixed.
 */
@Injectable()
export class FindingLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one statement: marks each finding of the analysis new or recurring, gives it the project's
   * triage decision for its fingerprint (false positive and accepted risk stay suppressed; a flaw
   * reported fixed that shows up again is open again), and records the comparison with the fixed
   * list. Running it again recomputes the same result, so a retried job may repeat it. Only while
   * the analysis is IN_PROGRESS (it runs just before the completion): null, and nothing written,
   * once it is not.
   */
  async compareWithPrevious(manager: EntityManager, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    const inherited = inheritedTriageSql('t');
    const rows = (await manager.query(
      `WITH cur AS (
         SELECT "id", "org_id", "project_id", "target_url", "created_at", ("spec_text" IS NOT NULL) AS "has_spec"
           FROM ${A} WHERE "id" = $1 AND "status" = 'IN_PROGRESS'
       ), prev AS (
         SELECT prev."id" FROM cur, ${previousAnalysisLateral('cur', 'cur."has_spec"')} prev
       ), computed AS (
         SELECT f."id", (pf."id" IS NOT NULL) AS "recurring", ${occurrenceSql('pf')} AS "occurrence",
                ${inherited.status} AS "status", ${inherited.reason} AS "status_reason",
                ${inherited.changedBy} AS "status_changed_by", ${inherited.changedAt} AS "status_changed_at"
           FROM ${F} f
           JOIN cur ON f."analysis_id" = cur."id"
           LEFT JOIN prev ON true
           LEFT JOIN ${F} pf ON pf."analysis_id" = prev."id" AND pf."fingerprint" = f."fingerprint"
           LEFT JOIN ${T} t ON t."project_id" = cur."project_id" AND t."fingerprint" = f."fingerprint"
       ), corrected AS (
         -- Rows got their history when inserted; only those whose history changed since (another
         -- analysis completed first, a triage decision during the run) are written again.
         -- Postgres runs a data-modifying CTE to completion even though nothing reads its output.
         UPDATE ${F} f SET "occurrence" = c."occurrence", "status" = c."status", "status_reason" = c."status_reason",
                "status_changed_by" = c."status_changed_by", "status_changed_at" = c."status_changed_at"
           FROM computed c
          WHERE f."id" = c."id"
            AND (f."occurrence", f."status", f."status_reason", f."status_changed_by", f."status_changed_at")
                IS DISTINCT FROM (c."occurrence", c."status", c."status_reason", c."status_changed_by", c."status_changed_at")
         RETURNING f."id"
       ), fixed AS (
         SELECT pf."id", pf."fingerprint", pf."rule_id", pf."title", pf."severity", pf."category"
           FROM prev JOIN ${F} pf ON pf."analysis_id" = prev."id"
          WHERE NOT EXISTS (SELECT 1 FROM ${F} c WHERE c."analysis_id" = $1 AND c."fingerprint" = pf."fingerprint")
       )
       INSERT INTO ${C} ("analysis_id", "org_id", "previous_analysis_id", "new_count", "remaining_count",
                          "fixed_count", "fixed")
       SELECT cur."id", cur."org_id", (SELECT "id" FROM prev),
              (SELECT count(*) FROM computed WHERE NOT "recurring"),
              (SELECT count(*) FROM computed WHERE "recurring"),
              (SELECT count(*) FROM fixed),
              COALESCE((SELECT jsonb_agg(jsonb_build_object(
                          'findingId', "id", 'fingerprint', "fingerprint", 'ruleId', "rule_id", 'title', "title",
                          'severity', "severity", 'category', "category") ORDER BY "severity", "fingerprint")
                          FROM fixed), '[]'::jsonb)
         FROM cur
       ON CONFLICT ("analysis_id") DO UPDATE SET
         "previous_analysis_id" = EXCLUDED."previous_analysis_id", "new_count" = EXCLUDED."new_count",
         "remaining_count" = EXCLUDED."remaining_count", "fixed_count" = EXCLUDED."fixed_count",
         "fixed" = EXCLUDED."fixed"
       RETURNING "analysis_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed"`,
      [analysisId],
    )) as ComparisonRow[];
    return rows[0] ? toComparison(rows[0]) : null;
  }

  /** Null while the analysis has not completed (or it completed before comparisons existed). */
  async comparisonOf(orgId: string, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    const rows = (await this.dataSource.query(
      `SELECT "analysis_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed"
         FROM ${C} WHERE "analysis_id" = $1 AND "org_id" = $2`,
      [analysisId, orgId],
    )) as ComparisonRow[];
    return rows[0] ? toComparison(rows[0]) : null;
  }
}

function toComparison(row: ComparisonRow): AnalysisComparisonRecord {
  return {
    analysisId: row.analysis_id,
    previousAnalysisId: row.previous_analysis_id,
    newCount: Number(row.new_count),
    remainingCount: Number(row.remaining_count),
    fixedCount: Number(row.fixed_count),
    fixed: row.fixed,
  };
}
