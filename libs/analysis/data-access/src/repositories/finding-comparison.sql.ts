import { inheritedTriageSql, occurrenceSql, previousAnalysisLateral } from './finding-history.sql.js';

const A = `"analysis"."analyses"`;
const F = `"analysis"."findings"`;
const T = `"analysis"."finding_triage"`;
const C = `"analysis"."analysis_comparisons"`;

const INHERITED = inheritedTriageSql('t');

/**
 * The CTEs (without the leading WITH) that compare each analysis whose id is in `ids` (an SQL
 * uuid[] expression) and that is still IN_PROGRESS with its previous one. Rows got their history
 * when inserted; `corrected` rewrites only those whose history changed since (another analysis
 * completed first, a triage decision during the run), normally none. Postgres runs a data-modifying
 * CTE to completion even though nothing reads its output. Follow with `COMPARISON_INSERT`, as the
 * statement's body or as a CTE of its own.
 */
export function comparisonCtes(ids: string): string {
  return `cur AS (
    SELECT "id", "org_id", "project_id", "target_url", "created_at", ("spec_text" IS NOT NULL) AS "has_spec"
      FROM ${A} WHERE "id" = ANY(${ids}) AND "status" = 'IN_PROGRESS'
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
  )`;
}

/** Records the comparison of every analysis in `cur` (see `comparisonCtes`), returning one row each. */
export const COMPARISON_INSERT = `INSERT INTO ${C} ("analysis_id", "org_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed")
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
