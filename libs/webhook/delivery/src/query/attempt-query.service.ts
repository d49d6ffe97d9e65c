import { Injectable } from '@nestjs/common';
import { WebhookException } from '@so/webhook-common';
import type { WebhookAttemptStatus } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import { decodeAttemptCursor, encodeAttemptCursor } from './attempt-cursor.js';
import type { WebhookAttemptPage, WebhookAttemptView } from './webhook-attempt.view.js';

interface AttemptRow {
  id: string;
  message_id: string;
  endpoint_id: string;
  attempt_number: number;
  status: WebhookAttemptStatus;
  response_status: number | null;
  response_headers: Record<string, unknown> | null;
  response_body: string | null;
  latency_ms: number;
  error: string | null;
  created_at: Date;
  /** created_at as Postgres prints it (microseconds kept), for the cursor. */
  created_at_text: string;
}

const COLUMNS = `a."id", a."message_id", a."endpoint_id", a."attempt_number", a."status", a."response_status",
  a."response_headers", a."response_body", a."latency_ms", a."error", a."created_at", a."created_at"::text AS "created_at_text"`;

/**
 * The attempt log, always scoped to the caller's org: one message's attempts oldest first (the story of
 * that delivery), one endpoint's attempts newest first (what the partner's server has been answering).
 * The endpoint log stays readable after the endpoint is deleted. Both are paged with opaque cursors.
 */
@Injectable()
export class AttemptQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async byMessage(orgId: string, messageId: string, limit: number, cursor?: string): Promise<WebhookAttemptPage> {
    const after = decodeAttemptCursor(cursor, 'message');
    const owned = (await this.dataSource.query(`SELECT 1 FROM "webhook"."messages" WHERE "org_id" = $1 AND "id" = $2`, [
      orgId,
      messageId,
    ])) as unknown[];
    if (owned.length === 0) throw new WebhookException('NOT_FOUND', 'WEBHOOK.MESSAGE_NOT_FOUND', `message ${messageId} not found`);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "webhook"."attempts" a
        WHERE a."org_id" = $1 AND a."message_id" = $2 AND a."attempt_number" > $3
        ORDER BY a."attempt_number" LIMIT $4`,
      [orgId, messageId, after?.attemptNumber ?? 0, limit + 1],
    )) as AttemptRow[];
    return page(rows, limit, (last) => encodeAttemptCursor({ kind: 'message', attemptNumber: last.attempt_number }));
  }

  async byEndpoint(orgId: string, endpointId: string, limit: number, cursor?: string): Promise<WebhookAttemptPage> {
    const before = decodeAttemptCursor(cursor, 'endpoint');
    const owned = (await this.dataSource.query(`SELECT 1 FROM "webhook"."endpoints" WHERE "org_id" = $1 AND "id" = $2`, [
      orgId,
      endpointId,
    ])) as unknown[];
    if (owned.length === 0) {
      throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
    }
    // Row comparison walks the (endpoint_id, created_at) index; id breaks ties between attempts of one instant.
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "webhook"."attempts" a
        WHERE a."org_id" = $1 AND a."endpoint_id" = $2::uuid
          AND ($3::timestamptz IS NULL OR (a."created_at", a."id") < ($3::timestamptz, $4::uuid))
        ORDER BY a."created_at" DESC, a."id" DESC LIMIT $5`,
      [orgId, endpointId, before?.createdAt ?? null, before?.id ?? null, limit + 1],
    )) as AttemptRow[];
    return page(rows, limit, (last) => encodeAttemptCursor({ kind: 'endpoint', createdAt: last.created_at_text, id: last.id }));
  }
}

function page(rows: AttemptRow[], limit: number, cursorAfter: (last: AttemptRow) => string): WebhookAttemptPage {
  const visible = rows.slice(0, limit);
  const last = visible.at(-1);
  return { attempts: visible.map(toAttemptView), nextCursor: rows.length > limit && last ? cursorAfter(last) : null };
}

function toAttemptView(row: AttemptRow): WebhookAttemptView {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(row.response_headers ?? {})) {
    headers[name] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return {
    id: row.id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    attemptNumber: row.attempt_number,
    status: row.status,
    responseStatus: row.response_status,
    responseHeaders: headers,
    responseBody: row.response_body,
    latencyMs: row.latency_ms,
    error: row.error,
    createdAt: row.created_at,
  };
}
