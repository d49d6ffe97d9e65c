/**
 * SQL shared by the statements that tie a finding to the project's history: the finding insert
 * (values right from the start) and the comparison at completion (which then only corrects rows
 * whose history changed during the run, normally none: rewriting every finding row would cost
 * far more than the comparison itself).
 */

/**
 * A LATERAL subquery giving `"id"` of the previous analysis of `cur` (an alias of an `analyses`
 * row): the latest COMPLETED analysis of the same project created before it with the same
 * subject, i.e. the same target URL (or none) and likewise a spec or none. `hasSpec` is how to
 * tell from `cur` whether it has a spec (a CTE may carry a flag instead of the spec text).
 */
export function previousAnalysisLateral(cur: string, hasSpec = `(${cur}."spec_text" IS NOT NULL)`): string {
  return `LATERAL (
    SELECT a."id" FROM "analysis"."analyses" a
     WHERE a."org_id" = ${cur}."org_id" AND a."project_id" = ${cur}."project_id" AND a."id" <> ${cur}."id"
       AND a."status" = 'COMPLETED' AND a."created_at" < ${cur}."created_at"
       AND a."target_url" IS NOT DISTINCT FROM ${cur}."target_url"
       AND (a."spec_text" IS NOT NULL) = ${hasSpec}
     ORDER BY a."created_at" DESC
     LIMIT 1
  )`;
}

/** `new` unless `previous` (a LEFT JOINed finding of the previous analysis) matched. */
export function occurrenceSql(previous: string): string {
  return `(CASE WHEN ${previous}."id" IS NULL THEN 'new' ELSE 'recurring' END)::"analysis"."finding_occurrence"`;
}

/**
 * The triage columns a finding inherits from the project's decision `triage` (a LEFT JOINed
 * `finding_triage` row): false positive and accepted risk stay, with reason and author; a flaw
 * reported fixed that is found again is open again; otherwise open.
 */
export function inheritedTriageSql(triage: string): {
  status: string;
  reason: string;
  changedBy: string;
  changedAt: string;
} {
  const kept = `${triage}."status" IN ('false_positive', 'accepted_risk')`;
  return {
    status: `(CASE WHEN ${kept} THEN ${triage}."status" ELSE 'open'::"analysis"."finding_status" END)`,
    reason: `(CASE WHEN ${kept} THEN ${triage}."reason" WHEN ${triage}."status" = 'fixed' THEN 'reported fixed earlier, found again' ELSE NULL END)`,
    changedBy: `(CASE WHEN ${kept} THEN ${triage}."changed_by" ELSE NULL END)`,
    changedAt: `(CASE WHEN ${kept} THEN ${triage}."changed_at" ELSE NULL END)`,
  };
}
