import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DELIVERY_COLUMNS, toDeliveryView, type DeliveryRow } from './delivery-row.js';
import type { WebhookDeliveryView } from './webhook-delivery.view.js';


/** Reads of messages by id and the dead-letter view; always scoped to the caller's org. */
@Injectable()
export class MessageQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async byId(orgId: string, messageId: string): Promise<WebhookDeliveryView | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM "webhook"."messages" m JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
        WHERE m."org_id" = $1 AND m."id" = $2`,
      [orgId, messageId],
    )) as DeliveryRow[];
    return rows[0] ? toDeliveryView(rows[0]) : undefined;
  }

  /** Exhausted deliveries (status failed), newest first. */
  async deadLetters(orgId: string, endpointId: string | null, limit: number): Promise<WebhookDeliveryView[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM "webhook"."messages" m JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
        WHERE m."org_id" = $1 AND m."status" = 'failed' AND ($2::uuid IS NULL OR m."endpoint_id" = $2::uuid)
        ORDER BY m."created_at" DESC, m."id" DESC LIMIT $3`,
      [orgId, endpointId, limit],
    )) as DeliveryRow[];
    return rows.map(toDeliveryView);
  }
}
