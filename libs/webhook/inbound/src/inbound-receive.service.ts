import { Injectable, Logger } from '@nestjs/common';
import { SecretCipher, WebhookException } from '@so/webhook-common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { InboundReceipt, InboundRequest } from './inbound-source.model.js';
import type { InboundSourceRow } from './inbound-source.service.js';
import { verifyInboundSignature } from './inbound-signature.verifier.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Error code of a request whose signature does not verify against its source. */
export const INBOUND_BAD_SIGNATURE = 'WEBHOOK.INBOUND_BAD_SIGNATURE';
/** The action that asks for a new analysis of the source's project. */
export const REANALYZE_ACTION = 'reanalyze';

/**
 * Accepts one inbound webhook: the source must exist, the signature must verify (constant time,
 * timestamp tolerance), the body must be a JSON object; the event is recorded once per sender event
 * id, so a replayed delivery is acknowledged without being processed again. An event whose `action`
 * is `reanalyze` is recorded as a re-analysis request for the source's project.
 */
@Injectable()
export class InboundReceiveService {
  private readonly logger = new Logger(InboundReceiveService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async receive(request: InboundRequest): Promise<InboundReceipt> {
    const source = await this.loadSource(request.sourceId);
    const body = request.rawBody ?? Buffer.alloc(0);
    const verdict = verifyInboundSignature(source.scheme, this.cipher.decrypt(source.secret_ciphertext, source.id), request.headers, body, {
      toleranceSeconds: source.tolerance_seconds,
      signatureHeader: source.signature_header,
    });
    if (!verdict.ok) {
      this.logger.warn({ msg: 'inbound webhook refused', sourceId: source.id, reason: verdict.reason });
      throw new WebhookException('UNAUTHENTICATED', INBOUND_BAD_SIGNATURE, `signature verification failed: ${verdict.reason}`);
    }
    const payload = parseObject(body, request.contentType);
    const eventId = verdict.eventId ?? (typeof payload.id === 'string' ? payload.id : undefined);
    // Without a sender id, the body digest keeps an exact replay idempotent.
    const externalId = (eventId ?? `sha256:${createHash('sha256').update(body).digest('hex')}`).slice(0, 200);
    const action = typeof payload.action === 'string' ? payload.action.slice(0, 100) : null;
    const reanalysis = action === REANALYZE_ACTION;

    const inserted = (await this.dataSource.query(
      `INSERT INTO "webhook"."inbound_events" ("id", "source_id", "org_id", "project_id", "external_id", "action", "payload", "reanalysis_requested")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       ON CONFLICT ("source_id", "external_id") DO NOTHING RETURNING "id"`,
      [randomUUID(), source.id, source.org_id, source.project_id, externalId, action, JSON.stringify(payload), reanalysis],
    )) as Array<{ id: string }>;
    if (inserted.length === 0) {
      const existing = (await this.dataSource.query(
        `SELECT "id", "reanalysis_requested" FROM "webhook"."inbound_events" WHERE "source_id" = $1 AND "external_id" = $2`,
        [source.id, externalId],
      )) as Array<{ id: string; reanalysis_requested: boolean }>;
      return { id: existing[0]?.id ?? '', duplicate: true, reanalysisRequested: existing[0]?.reanalysis_requested ?? false };
    }
    if (reanalysis) {
      // Recorded for the analysis service to pick up (not called from here): see inbound_events.reanalysis_requested.
      this.logger.log({ msg: 're-analysis requested by inbound webhook', sourceId: source.id, orgId: source.org_id, projectId: source.project_id });
    }
    return { id: inserted[0]!.id, duplicate: false, reanalysisRequested: reanalysis };
  }

  private async loadSource(sourceId: string): Promise<InboundSourceRow> {
    const rows = UUID.test(sourceId ?? '')
      ? ((await this.dataSource.query(`SELECT * FROM "webhook"."inbound_sources" WHERE "id" = $1 AND "deleted_at" IS NULL`, [
          sourceId,
        ])) as InboundSourceRow[])
      : [];
    if (!rows[0]) throw new WebhookException('NOT_FOUND', 'WEBHOOK.INBOUND_SOURCE_NOT_FOUND', 'unknown inbound source');
    return rows[0];
  }
}

function parseObject(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (!contentType?.toLowerCase().startsWith('application/json')) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INBOUND_MALFORMED', 'the body must be JSON (content-type: application/json)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INBOUND_MALFORMED', 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INBOUND_MALFORMED', 'the body must be a JSON object');
  }
  // Postgres jsonb cannot store NUL characters.
  if (JSON.stringify(parsed).includes('\\u0000')) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INBOUND_MALFORMED', 'the body must not contain NUL characters');
  }
  return parsed as Record<string, unknown>;
}
