import { WebhookEndpointEntity, WebhookMessageEntity, type WebhookSigningScheme } from '@so/webhook-data-access';
import type { AnyDomainEvent } from '@so/contracts';

export interface DeliveryTarget {
  message: WebhookMessageEntity;
  endpoint: WebhookEndpointEntity;
  /**
   * On an ordered endpoint, the oldest pending message accepted before this one: this one must wait
   * until it is delivered or given up. Undefined when nothing is ahead (or the endpoint is unordered).
   */
  waitingFor?: string;
}

/**
 * Messages with their endpoint (same org), for a batch of message ids, in one round trip. For ordered
 * endpoints it also finds the head of the line ahead of each message (index messages_endpoint_pending_seq).
 */
export const LOAD_TARGETS_SQL = `
  SELECT m."id", m."org_id", m."endpoint_id", m."event_id", m."event_type", m."project_id", m."payload", m."status",
         m."attempt_count", m."replay_count", m."seq",
         e."org_id" AS "e_org_id", e."project_id" AS "e_project_id", e."url" AS "e_url", e."enabled" AS "e_enabled",
         e."deleted_at" AS "e_deleted_at", e."secret_ciphertext" AS "e_secret_ciphertext",
         e."previous_secret_ciphertext" AS "e_previous_secret_ciphertext",
         e."previous_secret_expires_at" AS "e_previous_secret_expires_at", e."signing_scheme" AS "e_signing_scheme",
         e."headers" AS "e_headers", e."rate_limit_per_second" AS "e_rate_limit_per_second", e."ordered" AS "e_ordered",
         CASE WHEN e."ordered" THEN (
           SELECT p."id" FROM "webhook"."messages" p
            WHERE p."endpoint_id" = m."endpoint_id" AND p."status" = 'pending' AND p."seq" < m."seq"
            ORDER BY p."seq" LIMIT 1)
         END AS "waiting_for"
    FROM "webhook"."messages" m
    JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id" AND e."org_id" = m."org_id"
   WHERE m."id" = ANY($1::text[])`;

export interface DeliveryTargetRow {
  id: string;
  org_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  project_id: string | null;
  payload: AnyDomainEvent;
  status: WebhookMessageEntity['status'];
  attempt_count: number;
  replay_count: number;
  seq: string;
  e_org_id: string;
  e_project_id: string | null;
  e_url: string;
  e_enabled: boolean;
  e_deleted_at: Date | null;
  e_secret_ciphertext: string;
  e_previous_secret_ciphertext: string | null;
  e_previous_secret_expires_at: Date | null;
  e_signing_scheme: WebhookSigningScheme;
  e_headers: Record<string, string>;
  e_rate_limit_per_second: number | null;
  e_ordered: boolean;
  waiting_for: string | null;
}

/** Only the columns the delivery path reads are filled in. */
export function toDeliveryTarget(row: DeliveryTargetRow): DeliveryTarget {
  const message = Object.assign(new WebhookMessageEntity(), {
    id: row.id,
    orgId: row.org_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    projectId: row.project_id,
    payload: row.payload,
    status: row.status,
    attemptCount: row.attempt_count,
    replayCount: row.replay_count,
    seq: row.seq,
  });
  const endpoint = Object.assign(new WebhookEndpointEntity(), {
    id: row.endpoint_id,
    orgId: row.e_org_id,
    projectId: row.e_project_id,
    url: row.e_url,
    enabled: row.e_enabled,
    deletedAt: row.e_deleted_at,
    secretCiphertext: row.e_secret_ciphertext,
    previousSecretCiphertext: row.e_previous_secret_ciphertext,
    previousSecretExpiresAt: row.e_previous_secret_expires_at,
    signingScheme: row.e_signing_scheme,
    headers: row.e_headers,
    rateLimitPerSecond: row.e_rate_limit_per_second,
    ordered: row.e_ordered,
  });
  return { message, endpoint, waitingFor: row.waiting_for ?? undefined };
}
