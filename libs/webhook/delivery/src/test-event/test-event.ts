import { EVENT_CATALOGUE, EVENT_SCHEMA_VERSION, type AnyDomainEvent, type EventType } from '@so/contracts';
import { eventTypePatternsFor } from '@so/webhook-data-access';
import { randomUUID } from 'node:crypto';

/**
 * A test event's id starts with this; a real event's id is a bare UUID. The envelope sent to the
 * partner has no room for a `test` field (its keys are fixed, and every attempt must send the same
 * bytes), so the id carries the mark: the receiver sees it as `id`, the delivery history as
 * `eventId`, and the history views derive their `test` flag from it.
 */
export const TEST_EVENT_ID_PREFIX = 'test_';

/** The type sent when the caller names none and the endpoint subscribes to nothing more specific. */
export const DEFAULT_TEST_EVENT_TYPE: EventType = 'analysis.completed';

export function isTestEventId(eventId: string): boolean {
  return eventId.startsWith(TEST_EVENT_ID_PREFIX);
}

/**
 * The first catalogue type the endpoint subscribes to, in the endpoint's own order (a `prefix.*`
 * wildcard stands for the first catalogue type it selects). `*` names no type in particular, so an
 * endpoint subscribed to everything gets the default type.
 */
export function defaultTestEventType(endpointPatterns: readonly string[]): EventType {
  for (const pattern of endpointPatterns) {
    if (pattern === '*') continue;
    const match = EVENT_CATALOGUE.find((entry) => eventTypePatternsFor(entry.type).includes(pattern));
    if (match) return match.type;
  }
  return DEFAULT_TEST_EVENT_TYPE;
}

/** The catalogue's example for `type`, as an event of the caller's org (and the endpoint's project, if any). */
export function buildTestEvent(
  type: EventType,
  orgId: string,
  projectId: string | null,
  correlationId: string,
): AnyDomainEvent {
  const entry = EVENT_CATALOGUE.find((candidate) => candidate.type === type);
  if (!entry) throw new Error(`event type ${type} is not in the catalogue`);
  return {
    id: `${TEST_EVENT_ID_PREFIX}${randomUUID()}`,
    type,
    occurredAt: new Date().toISOString(),
    orgId,
    projectId: projectId ?? '',
    schemaVersion: EVENT_SCHEMA_VERSION,
    correlationId,
    data: entry.exampleData,
  } as AnyDomainEvent;
}
