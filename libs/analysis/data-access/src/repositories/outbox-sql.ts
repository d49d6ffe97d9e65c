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
