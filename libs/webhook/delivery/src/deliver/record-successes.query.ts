/**
 * Successful attempts of a batch of messages in one statement (atomic on its own): the message
 * summaries, the attempt rows, and the end of each endpoint's failure run if there was one.
 * Parameters are parallel arrays, one entry per attempt; returns each message's attempt number.
 */
export const RECORD_SUCCESSES_SQL = `
  WITH r AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::int[])
             AS r("message_id", "response_status", "attempt_id", "response_headers", "response_body", "latency_ms")),
  m AS (
    UPDATE "webhook"."messages" msg
       SET "attempt_count" = msg."attempt_count" + 1, "last_attempt_at" = now(),
           "last_response_status" = r."response_status",
           "status" = 'delivered', "delivered_at" = COALESCE(msg."delivered_at", now())
      FROM r
     WHERE msg."id" = r."message_id"
    RETURNING msg."id", msg."endpoint_id", msg."org_id", msg."attempt_count"),
  a AS (
    INSERT INTO "webhook"."attempts" ("id", "message_id", "endpoint_id", "org_id", "attempt_number", "status",
                                      "response_status", "response_headers", "response_body", "latency_ms", "error")
    SELECT r."attempt_id", m."id", m."endpoint_id", m."org_id", m."attempt_count", 'succeeded',
           r."response_status", r."response_headers"::jsonb, r."response_body", r."latency_ms", NULL
      FROM m JOIN r ON r."message_id" = m."id"
    RETURNING "message_id", "attempt_number"),
  h AS (
    UPDATE "webhook"."endpoints"
       SET "failing_since" = NULL, "consecutive_failures" = 0, "failure_warned_at" = NULL
     WHERE "id" IN (SELECT "endpoint_id" FROM m) AND ("failing_since" IS NOT NULL OR "consecutive_failures" > 0))
  SELECT "message_id", "attempt_number" FROM a`;
