import { Injectable } from '@nestjs/common';
import { MicroBatcher, PER_REQUEST_BATCHING, preparedQuery } from '@so/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisComparisonRecord, FixedFindingRecord } from '../finding-lifecycle.types.js';
import { inheritedTriageSql, occurrenceSql, previousAnalysisLateral } from './finding-history.sql.js';

const A = `"analysis"."analyses"`;
const F = `"analysis"."findings"`;
const T = `"analysis"."finding_triage"`;
const C = `"analysis"."analysis_comparisons"`;

const INHERITED = inheritedTriageSql('t');

/**
 * The comparison of each analysis in `$1` (uuid[]) that is still IN_PROGRESS with its previous one.
 * Rows got their history when inserted; `corrected` rewrites only those whose history changed
 * since (another analysis completed first, a triage decision during the run), normally none.
 * Postgres runs a data-modifying CTE to completion even though nothing reads its output.
 */
const COMPARE_SQL = `WITH cur AS (
    SELECT "id", "org_id", "project_id", "target_url", "created_at", ("spec_text" IS NOT NULL) AS "has_spec"
      FROM ${A} WHERE "id" = ANY($1::uuid[]) AND "status" = 'IN_PROGRESS'
  ), prev AS (
    SELECT cur."id" AS "analysis_id", p."id" FROM cur, ${previousAnalysisLateral('cur', 'cur."has_spec"')} p
  ), computed AS (
    SELECT f."id", f."analysis_id", (pf."id" IS NOT NULL) AS "recurring", ${occurrenceSql('pf')} AS "occurrence",
           ${INHERITED.status} AS "status", ${INHERITED.reason} AS "status_reason",
           ${INHERITED.changedBy} AS "status_changed_by", ${INHERITED.changedAt} AS "status_changed_at"
      FROM ${F} f
      JOIN cur ON f."analysis_id" = cur."id"
      LEFT JOIN prev ON prev."analysis_id" = cur."id"
      LEFT JOIN ${F} pf ON pf."analysis_id" = prev."id" AND pf."fingerprint" = f."fingerprint"
      LEFT JOIN ${T} t ON t."project_id" = cur."project_id" AND t."fingerprint" = f."fingerprint"
  ), corrected AS (
    UPDATE ${F} f SET "occurrence" = c."occurrence", "status" = c."status", "status_reason" = c."status_reason",
           "status_changed_by" = c."status_changed_by", "status_changed_at" = c."status_changed_at"
      FROM computed c
     WHERE f."id" = c."id"
       AND (f."occurrence", f."status", f."status_reason", f."status_changed_by", f."status_changed_at")
           IS DISTINCT FROM (c."occurrence", c."status", c."status_reason", c."status_changed_by", c."status_changed_at")
    RETURNING f."id"
  ), fixed AS (
    SELECT prev."analysis_id" AS "for_id", pf."id", pf."fingerprint", pf."rule_id", pf."title", pf."severity", pf."category"
      FROM prev JOIN ${F} pf ON pf."analysis_id" = prev."id"
     WHERE NOT EXISTS (SELECT 1 FROM ${F} c WHERE c."analysis_id" = prev."analysis_id" AND c."fingerprint" = pf."fingerprint")
  )
  INSERT INTO ${C} ("analysis_id", "org_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed")
  SELECT cur."id", cur."org_id", prev."id",
         (SELECT count(*) FROM computed c WHERE c."analysis_id" = cur."id" AND NOT c."recurring"),
         (SELECT count(*) FROM computed c WHERE c."analysis_id" = cur."id" AND c."recurring"),
         (SELECT count(*) FROM fixed x WHERE x."for_id" = cur."id"),
         COALESCE((SELECT jsonb_agg(jsonb_build_object(
                     'findingId', x."id", 'fingerprint', x."fingerprint", 'ruleId', x."rule_id", 'title', x."title",
                     'severity', x."severity", 'category', x."category") ORDER BY x."severity", x."fingerprint")
                     FROM fixed x WHERE x."for_id" = cur."id"), '[]'::jsonb)
    FROM cur LEFT JOIN prev ON prev."analysis_id" = cur."id"
  ON CONFLICT ("analysis_id") DO UPDATE SET
    "previous_analysis_id" = EXCLUDED."previous_analysis_id", "new_count" = EXCLUDED."new_count",
    "remaining_count" = EXCLUDED."remaining_count", "fixed_count" = EXCLUDED."fixed_count", "fixed" = EXCLUDED."fixed"
  RETURNING "analysis_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed"`;

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
  /** Completions outside a transaction (runs without findings) share one prepared statement under load. */
  private readonly batcher = new MicroBatcher<string, AnalysisComparisonRecord | null>({
    run: (ids) => this.compareMany(ids),
    ...PER_REQUEST_BATCHING,
  });

  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one statement: checks each finding of the analysis is marked new or recurring and carries
   * the project's triage decision for its fingerprint (false positive and accepted risk stay
   * suppressed; a flaw reported fixed that shows up again is open again), and records the
   * comparison with the fixed list. Running it again recomputes the same result, so a retried job
   * may repeat it. Only while the analysis is IN_PROGRESS (it runs just before the completion):
   * null, and nothing written, once it is not.
   */
  async compareWithPrevious(manager: EntityManager, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    const rows = (await manager.query(COMPARE_SQL, [[analysisId]])) as ComparisonRow[];
    return rows[0] ? toComparison(rows[0]) : null;
  }

  /**
   * `compareWithPrevious` outside a transaction: concurrent calls (many runs completing at once,
   * typically without findings) go together as one prepared statement.
   */
  compareOutsideTransaction(analysisId: string): Promise<AnalysisComparisonRecord | null> {
    return this.batcher.add(analysisId);
  }

  private async compareMany(ids: string[]): Promise<Array<AnalysisComparisonRecord | null>> {
    const rows = await preparedQuery<ComparisonRow>(this.dataSource, 'analysis-compare-with-previous', COMPARE_SQL, [
      ids,
    ]);
    const byId = new Map(rows.map((row) => [row.analysis_id, toComparison(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Null while the analysis has not completed (or it completed before comparisons existed). */
  async comparisonOf(orgId: string, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    return (await this.comparisonsOf(orgId, [analysisId]))[0] ?? null;
  }

  /** The stored comparisons of the org's analyses among `analysisIds`, in one statement (absent ones are left out). */
  async comparisonsOf(orgId: string, analysisIds: readonly string[]): Promise<AnalysisComparisonRecord[]> {
    if (analysisIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT "analysis_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed"
         FROM ${C} WHERE "analysis_id" = ANY($1::uuid[]) AND "org_id" = $2`,
      [analysisIds, orgId],
    )) as ComparisonRow[];
    return rows.map(toComparison);
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
