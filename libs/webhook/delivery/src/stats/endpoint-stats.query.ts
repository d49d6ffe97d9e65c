/**
 * One endpoint's figures since $3, in one statement. Both aggregates read their table through its
 * ("endpoint_id", "created_at") index (messages_endpoint_created, attempts_endpoint_created), so the
 * cost follows the endpoint's traffic in the window, not the table. No row when the endpoint is not
 * the org's (or is deleted).
 */
export const ENDPOINT_STATS_SQL = `
  WITH msg AS (
    SELECT count(*) FILTER (WHERE m."status" = 'delivered') AS "delivered",
           count(*) FILTER (WHERE m."status" = 'failed') AS "failed",
           count(*) FILTER (WHERE m."status" = 'pending') AS "pending"
      FROM "webhook"."messages" m
     WHERE m."endpoint_id" = $2 AND m."created_at" >= $3 AND m."org_id" = $1),
  att AS (
    SELECT count(*) AS "attempts",
           count(*) FILTER (WHERE a."status" = 'succeeded') AS "succeeded",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY a."latency_ms") AS "p50",
           percentile_cont(0.95) WITHIN GROUP (ORDER BY a."latency_ms") AS "p95",
           max(a."created_at") FILTER (WHERE a."status" = 'succeeded') AS "last_success_at",
           max(a."created_at") FILTER (WHERE a."status" = 'failed') AS "last_failure_at"
      FROM "webhook"."attempts" a
     WHERE a."endpoint_id" = $2 AND a."created_at" >= $3 AND a."org_id" = $1)
  SELECT msg.*, att.*
    FROM "webhook"."endpoints" e CROSS JOIN msg CROSS JOIN att
   WHERE e."org_id" = $1 AND e."id" = $2 AND e."deleted_at" IS NULL`;

/** pg returns count(*) as a bigint string and percentiles as float8. */
export interface EndpointStatsRow {
  delivered: string;
  failed: string;
  pending: string;
  attempts: string;
  succeeded: string;
  p50: number | null;
  p95: number | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
}
