import type { AnyDomainEvent, DomainEvent } from '@so/contracts';
import { ed25519PrivateKey } from '@so/webhook-common';
import { createHmac, createSecretKey, sign, type KeyObject } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A key that signs deliveries: the endpoint's current one, plus the previous one during a rotation's grace period. */
export type WebhookSigningKey = { scheme: 'hmac'; secret: string } | { scheme: 'ed25519'; privateKey: string };

/** A signing key parsed once (base64 decoded, wrapped in a KeyObject) and reused for every delivery. */
export interface PreparedSigningKey {
  scheme: 'hmac' | 'ed25519';
  key: KeyObject;
}

export function prepareSigningKey(key: WebhookSigningKey): PreparedSigningKey {
  return key.scheme === 'hmac'
    ? { scheme: 'hmac', key: createSecretKey(hmacKeyBytes(key.secret)) }
    : { scheme: 'ed25519', key: ed25519PrivateKey(key.privateKey) };
}

/**
 * Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed
 * with the base64-decoded part of the `whsec_` secret.
 */
export function signWebhook(
  secret: string | KeyObject,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = typeof secret === 'string' ? hmacKeyBytes(secret) : secret;
  const mac = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** Asymmetric variant: `v1a,` + base64 ed25519 signature of the same content. */
export function signWebhookEd25519(
  privateKey: string | KeyObject,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = typeof privateKey === 'string' ? ed25519PrivateKey(privateKey) : privateKey;
  const signature = sign(null, Buffer.from(`${messageId}.${timestampSeconds}.${body}`), key);
  return `v1a,${signature.toString('base64')}`;
}

/** The `webhook-signature` header: one signature per key, space-separated (receivers accept any that verifies). */
export function signatureHeader(
  keys: readonly (WebhookSigningKey | PreparedSigningKey)[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  return keys
    .map((key) => {
      if ('key' in key) {
        return key.scheme === 'hmac'
          ? signWebhook(key.key, messageId, timestampSeconds, body)
          : signWebhookEd25519(key.key, messageId, timestampSeconds, body);
      }
      return key.scheme === 'hmac'
        ? signWebhook(key.secret, messageId, timestampSeconds, body)
        : signWebhookEd25519(key.privateKey, messageId, timestampSeconds, body);
    })
    .join(' ');
}

/**
 * The body partners receive: the domain event envelope, top-level keys in a fixed, documented order,
 * and the keys of `data` sorted like Postgres' `jsonb` sorts them (shorter first, then bytewise). A first attempt
 * serialises the event as published; a retry reads it back from the stored `jsonb`, which has
 * reordered it: with one order for both, every attempt of a message sends the same bytes.
 */
export function serializeEventEnvelope(event: AnyDomainEvent): string {
  return JSON.stringify(eventEnvelope(event, inJsonbKeyOrder(event.data)));
}

/**
 * The envelope fields partners receive, in their documented order, and nothing the publisher added
 * to the event: what the body holds and what a message stores.
 */
export function eventEnvelope(event: AnyDomainEvent, data: unknown = event.data): Record<keyof DomainEvent, unknown> {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    orgId: event.orgId,
    projectId: event.projectId,
    schemaVersion: event.schemaVersion,
    correlationId: event.correlationId,
    data,
  };
}

/** A copy of a JSON value whose objects list their keys as `jsonb` stores them. */
function inJsonbKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inJsonbKeyOrder);
  if (typeof value !== 'object' || value === null) return value;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareJsonbKeys)) ordered[key] = inJsonbKeyOrder((value as Record<string, unknown>)[key]);
  return ordered;
}

function compareJsonbKeys(a: string, b: string): number {
  const lengths = Buffer.byteLength(a) - Buffer.byteLength(b);
  return lengths !== 0 ? lengths : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function hmacKeyBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}
