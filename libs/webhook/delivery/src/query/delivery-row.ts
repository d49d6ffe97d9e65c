import type { WebhookMessageStatus } from '@so/webhook-data-access';
import type { WebhookDeliveryView } from './webhook-delivery.view.js';

/** A message with its endpoint's URL, as the delivery views read it. */
export interface DeliveryRow {
  id: string;
  analysis_id: string | null;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  endpoint_url: string;
  status: WebhookMessageStatus;
  attempt_count: number;
  last_response_status: number | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** SELECT list for DeliveryRow over messages `m` joined to endpoints `e`. */
export const DELIVERY_COLUMNS = `m."id", m."analysis_id", m."event_id", m."event_type", m."endpoint_id", e."url" AS "endpoint_url",
  m."status", m."attempt_count", m."last_response_status", m."last_attempt_at", m."delivered_at", m."created_at"`;

export function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  // The summary columns are written in the same transaction as each attempt, so they are the log's last word.
  const lastAttemptStatus = row.attempt_count === 0 ? null : row.status === 'delivered' ? 'succeeded' : 'failed';
  return {
    id: row.id,
    analysisId: row.analysis_id ?? '',
    eventId: row.event_id,
    eventType: row.event_type,
    endpointId: row.endpoint_id,
    endpointUrl: row.endpoint_url,
    status: row.status,
    attempts: row.attempt_count,
    lastAttemptStatus,
    lastResponseStatus: row.last_response_status,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}
