import { randomUUID } from 'node:crypto';
import type { EventPayloadMap } from './event-payloads.js';
import type { EventType } from './event-types.js';

export const EVENT_SCHEMA_VERSION = 1;

/** The envelope every domain event travels in (bus, webhooks, SSE, socket.io). */
export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  occurredAt: string;
  orgId: string;
  projectId: string;
  schemaVersion: number;
  correlationId: string;
  data: EventPayloadMap[T];
}

export type AnyDomainEvent = { [K in EventType]: DomainEvent<K> }[EventType];

export interface NewEventInput<T extends EventType> {
  type: T;
  orgId: string;
  projectId: string;
  correlationId: string;
  data: EventPayloadMap[T];
}

export function createDomainEvent<T extends EventType>(input: NewEventInput<T>): DomainEvent<T> {
  return {
    id: randomUUID(),
    type: input.type,
    occurredAt: new Date().toISOString(),
    orgId: input.orgId,
    projectId: input.projectId,
    schemaVersion: EVENT_SCHEMA_VERSION,
    correlationId: input.correlationId,
    data: input.data,
  };
}
