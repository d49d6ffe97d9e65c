import type { AnyDomainEvent } from '@so/contracts';
import { eventTypePatternsFor } from '@so/webhook-data-access';
import { eventEnvelope } from '../send/webhook-signature.js';

/**
 * The parameters of FAN_OUT_SQL for a batch of events, in event order.
 *
 * Most events match no endpoint, so nothing here is built per event beyond what the statement
 * matches on: the envelopes of the whole batch are one JSON text (one native stringify, sent as one
 * parameter without per-element array escaping), in any key order since Postgres stores them as
 * `jsonb`; the partner body with its fixed key order is serialised later, only for the events that
 * have a first attempt to send.
 */
export function fanOutParameters(events: readonly AnyDomainEvent[], claimTimeoutMs: number): unknown[] {
  return [
    events.map((event) => event.id),
    events.map((event) => event.type),
    events.map((event) => event.orgId),
    events.map((event) => event.projectId || null),
    JSON.stringify(events.map((event) => eventEnvelope(event))),
    events.map((event) => patternsOf(event.type)),
    claimTimeoutMs,
  ];
}

/** Space-separated patterns that select a type; the types are the catalogue's, so the cache stays small. */
const patternsByType = new Map<string, string>();

function patternsOf(type: string): string {
  let patterns = patternsByType.get(type);
  if (patterns === undefined) {
    patterns = eventTypePatternsFor(type).join(' ');
    patternsByType.set(type, patterns);
  }
  return patterns;
}
