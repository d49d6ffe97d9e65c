import type { WebhookSigningScheme } from '@so/webhook-data-access';

/**
 * Every subscribed endpoint of each event gets a message (numbered by `seq` in event order). Messages
 * of unordered endpoints are claimed by this process at once (`claimed_at`): it sends their first
 * attempt itself. The endpoint columns that attempt needs (same snapshot as the subscription match)
 * come back once per endpoint, on its first claimed message; its other messages share them.
 * Messages of ordered endpoints come back without them, for the queue.
 *
 * Every still-pending message of those events that nobody holds (no claim, or a claim older than
 * $7 ms: its sender died) comes back too, for the queue: a redelivered event neither duplicates nor
 * loses a delivery. One statement for a whole batch of events: the SELECTs see the snapshot from
 * before the INSERT, so the inserted and the still-pending rows never overlap.
 *
 * Most events match no endpoint (an org without webhooks still emits every event), so the envelopes
 * come as one `json` array ($5, in event order) rather than one text per event: it is checked once
 * and split into `json` slices, and only an envelope that meets a candidate endpoint is turned into
 * `jsonb` (for a payload filter, and as the stored payload). The events themselves still come from
 * `unnest` of the arrays, whose row estimate is the batch's size: from the JSON array the planner
 * would assume 100 events and read every active endpoint and every pending message instead of
 * looking up the batch's orgs and event ids.
 */
export const FAN_OUT_SQL = `
  WITH ev AS (
    SELECT e."ord", e."id", e."type", e."org_id", e."project_id", string_to_array(e."patterns", ' ') AS "patterns"
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[])
           WITH ORDINALITY AS e("id", "type", "org_id", "project_id", "patterns", "ord")),
  envelopes AS MATERIALIZED (
    SELECT x."ord", x."envelope" FROM json_array_elements($5::json) WITH ORDINALITY AS x("envelope", "ord")),
  inserted AS (
    INSERT INTO "webhook"."messages"
           ("id", "org_id", "endpoint_id", "event_id", "event_type", "project_id", "payload", "claimed_at")
    SELECT 'msg_' || gen_random_uuid(), ev."org_id", en."id", ev."id", ev."type", ev."project_id", p."envelope"::jsonb,
           CASE WHEN en."ordered" THEN NULL ELSE now() END
      FROM ev
      JOIN "webhook"."endpoints" en
        ON en."org_id" = ev."org_id"
       AND en."enabled" AND en."deleted_at" IS NULL
       AND en."event_types" && ev."patterns"
       AND (en."project_id" IS NULL OR en."project_id" = ev."project_id")
      JOIN envelopes p ON p."ord" = ev."ord"
     WHERE en."filter" IS NULL OR p."envelope"::jsonb @> en."filter"
     ORDER BY ev."ord", en."id"
    ON CONFLICT ("event_id", "endpoint_id") DO NOTHING
    RETURNING "id", "endpoint_id", "event_id", "seq", "claimed_at" IS NOT NULL AS "claimed"),
  numbered AS (
    SELECT i.*, row_number() OVER (PARTITION BY i."endpoint_id", i."claimed" ORDER BY i."seq") AS "nth" FROM inserted i)
  SELECT i."id", i."endpoint_id", i."event_id", i."seq", i."claimed",
         en."org_id" AS "e_org_id", en."project_id" AS "e_project_id", en."url" AS "e_url",
         en."secret_ciphertext" AS "e_secret_ciphertext",
         en."previous_secret_ciphertext" AS "e_previous_secret_ciphertext",
         en."previous_secret_expires_at" AS "e_previous_secret_expires_at", en."signing_scheme" AS "e_signing_scheme",
         en."headers" AS "e_headers", en."rate_limit_per_second" AS "e_rate_limit_per_second"
    FROM numbered i
    LEFT JOIN "webhook"."endpoints" en ON i."claimed" AND i."nth" = 1 AND en."id" = i."endpoint_id"
  UNION ALL
  SELECT m."id", m."endpoint_id", m."event_id", m."seq", false,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM "webhook"."messages" m JOIN ev ON m."event_id" = ev."id" AND m."org_id" = ev."org_id"
   WHERE m."status" = 'pending'
     AND (m."claimed_at" IS NULL OR m."claimed_at" < now() - $7::int * interval '1 millisecond')`;

/** A row of FAN_OUT_SQL; the `e_` columns are filled in only on an endpoint's first claimed message. */
export interface FanOutRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  seq: string;
  claimed: boolean;
  e_org_id: string | null;
  e_project_id: string | null;
  e_url: string | null;
  e_secret_ciphertext: string | null;
  e_previous_secret_ciphertext: string | null;
  e_previous_secret_expires_at: Date | null;
  e_signing_scheme: WebhookSigningScheme | null;
  e_headers: Record<string, string> | null;
  e_rate_limit_per_second: number | null;
}
