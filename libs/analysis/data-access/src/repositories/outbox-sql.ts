import type { AnyDomainEvent } from '@so/contracts';

/**
 * SQL that writes `events` (one jsonb array parameter, `$n`) into the outbox for every row of
 * `gate` — a CTE that returns a row only when the state change happened. State change and events
 * then commit in one statement, i.e. one round trip instead of a BEGIN … COMMIT sequence.
 * WITH ORDINALITY keeps the array order in the outbox's `seq`, so events leave in that order.
 */
export function outboxInsertSql(gate: string, param: string): string {
  return `INSERT INTO "analysis"."outbox_events" ("id", "type", "payload")
    SELECT (e.value->>'id')::uuid, e.value->>'type', e.value
      FROM ${gate}, jsonb_array_elements(${param}::jsonb) WITH ORDINALITY AS e(value, n)
     ORDER BY e.n`;
}

export function outboxParam(events: readonly AnyDomainEvent[]): string {
  return JSON.stringify(events);
}

/**
 * Multi-row form of `outboxInsertSql`: `input` is a CTE of request rows, each with its own `id`,
 * `n` (position in the batch) and `events` (jsonb array); the events of a row are written only
 * when `gate` returned that row's id. Rows leave in batch order, each row's events in array order.
 */
export function outboxInsertPerRowSql(input: string, gate: string): string {
  return `INSERT INTO "analysis"."outbox_events" ("id", "type", "payload")
    SELECT (e.value->>'id')::uuid, e.value->>'type', e.value
      FROM ${input} i
      JOIN ${gate} g ON g."id" = i."id"
     CROSS JOIN LATERAL jsonb_array_elements(i."events") WITH ORDINALITY AS e(value, k)
     ORDER BY i."n", e.k`;
}
