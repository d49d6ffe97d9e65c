import type { AnyDomainEvent } from './domain-event.js';

/** The Redis stream that carries domain events; each consuming service reads it with its own consumer group. */
export const DOMAIN_EVENT_STREAM = 'so:events';

/**
 * Events a consumer group gave up on after its handler failed them again and again, with the group,
 * the original stream id and the delivery count beside the event. Kept for operators to inspect and
 * send again (`npm run admin -- dead-events`).
 */
export const DEAD_EVENT_STREAM = 'so:events:dead';

/** The value of `name` in a stream entry's flat field list (`[name, value, name, value, ...]`). */
export function streamFieldValue(fields: readonly string[], name: string): string | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) if (fields[index] === name) return fields[index + 1];
  return undefined;
}

/**
 * The domain event in a stream entry's field list (`[name, value, name, value, ...]`): the publisher
 * writes the JSON envelope under `event`. Anything else — no such field, bad JSON, no org or type — is
 * not an event and yields undefined, so one malformed entry never stops a reader.
 */
export function parseDomainEventFields(fields: readonly string[] | null | undefined): AnyDomainEvent | undefined {
  const json = fields ? streamFieldValue(fields, 'event') : undefined;
  if (!json) return undefined;
  try {
    const event = JSON.parse(json) as Partial<AnyDomainEvent> | null;
    return event && typeof event.orgId === 'string' && typeof event.type === 'string' ? (event as AnyDomainEvent) : undefined;
  } catch {
    return undefined;
  }
}
