import { Injectable } from '@nestjs/common';
import type { WebhookMessageStatus } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import type { WebhookDeliveryView } from './webhook-delivery.view.js';

interface MessageRow {
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

const COLUMNS = `m."id", m."analysis_id", m."event_id", m."event_type", m."endpoint_id", e."url" AS "endpoint_url",
  m."status", m."attempt_count", m."last_response_status", m."last_attempt_at", m."delivered_at", m."created_at"`;

/** Reads of messages by id and the dead-letter view; always scoped to the caller's org. */
@Injectable()
export class MessageQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async byId(orgId: string, messageId: string): Promise<WebhookDeliveryView | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "webhook"."messages" m JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
        WHERE m."org_id" = $1 AND m."id" = $2`,
      [orgId, messageId],
    )) as MessageRow[];
    return rows[0] ? toDeliveryView(rows[0]) : undefined;
  }

  /** Exhausted deliveries (status failed), newest first. */
  async deadLetters(orgId: string, endpointId: string | null, limit: number): Promise<WebhookDeliveryView[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "webhook"."messages" m JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
        WHERE m."org_id" = $1 AND m."status" = 'failed' AND ($2::uuid IS NULL OR m."endpoint_id" = $2::uuid)
        ORDER BY m."created_at" DESC, m."id" DESC LIMIT $3`,
      [orgId, endpointId, limit],
    )) as MessageRow[];
    return rows.map(toDeliveryView);
  }
}

export function toDeliveryView(row: MessageRow): WebhookDeliveryView {
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
