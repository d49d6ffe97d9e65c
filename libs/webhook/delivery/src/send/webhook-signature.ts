import type { AnyDomainEvent } from '@so/contracts';
import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/**
 * Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed
 * with the base64-decoded part of the `whsec_` secret.
 */
export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The body partners receive: the domain event envelope, top-level keys in a fixed, documented order. */
export function serializeEventEnvelope(event: AnyDomainEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    orgId: event.orgId,
    projectId: event.projectId,
    schemaVersion: event.schemaVersion,
    correlationId: event.correlationId,
    data: event.data,
  });
}
