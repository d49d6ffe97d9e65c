import { Injectable, Logger } from '@nestjs/common';
import type { CallerIdentity, FieldViolation } from '@so/shared';
import { SecretCipher, WebhookException } from '@so/webhook-common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  INBOUND_SCHEMES,
  type CreatedInboundSource,
  type CreateInboundSourceCommand,
  type InboundScheme,
  type InboundSourceView,
} from './inbound-source.model.js';
import { DEFAULT_SIGNATURE_HEADER } from './inbound-signature.verifier.js';

const PROJECT_KEY = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InboundSourceRow {
  id: string;
  org_id: string;
  project_id: string;
  name: string;
  scheme: InboundScheme;
  secret_ciphertext: string;
  signature_header: string | null;
  tolerance_seconds: number;
  created_at: Date;
}

/** Registering, listing and removing inbound sources; scoped to the caller's org. */
@Injectable()
export class InboundSourceService {
  private readonly logger = new Logger(InboundSourceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async create(identity: CallerIdentity, command: CreateInboundSourceCommand): Promise<CreatedInboundSource> {
    const violations: FieldViolation[] = [];
    const projectId = command.projectId ?? '';
    if (!PROJECT_KEY.test(projectId)) violations.push({ field: 'projectId', description: 'must match ^[a-z0-9][a-z0-9._-]{0,62}$' });
    const name = (command.name ?? '').trim();
    if (name.length === 0 || name.length > 200) violations.push({ field: 'name', description: 'is required, at most 200 characters' });
    const scheme = command.scheme as InboundScheme;
    if (!INBOUND_SCHEMES.includes(scheme)) violations.push({ field: 'scheme', description: `must be one of ${INBOUND_SCHEMES.join(', ')}` });
    const signatureHeader = scheme === 'hmac-header' ? (command.signatureHeader || DEFAULT_SIGNATURE_HEADER).toLowerCase() : null;
    if (signatureHeader !== null && !HEADER_NAME.test(signatureHeader)) violations.push({ field: 'signatureHeader', description: 'not a valid header name' });
    const tolerance = command.toleranceSeconds || 300;
    if (!Number.isInteger(tolerance) || tolerance < 1 || tolerance > 86_400) violations.push({ field: 'toleranceSeconds', description: 'must be between 1 and 86400' });
    const given = (command.secret ?? '').trim();
    if (given && (given.length < 16 || given.length > 256)) violations.push({ field: 'secret', description: 'must be 16 to 256 characters' });
    if (given && scheme === 'standard-webhooks' && !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(given)) violations.push({ field: 'secret', description: 'must be a whsec_ secret' });
    if (violations.length > 0) throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_INBOUND_SOURCE', 'the inbound source is invalid', violations);

    const secret = given || (scheme === 'standard-webhooks' ? `whsec_${randomBytes(24).toString('base64')}` : randomBytes(32).toString('hex'));
    const id = randomUUID();
    const rows = (await this.dataSource.query(
      `INSERT INTO "webhook"."inbound_sources" ("id", "org_id", "project_id", "name", "scheme", "secret_ciphertext", "signature_header", "tolerance_seconds")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [id, identity.orgId, projectId, name, scheme, this.cipher.encrypt(secret, id), signatureHeader, tolerance],
    )) as InboundSourceRow[];
    this.logger.log({ msg: 'inbound source created', sourceId: id, orgId: identity.orgId, scheme });
    return { source: toSourceView(rows[0]!), secret };
  }

  async list(identity: CallerIdentity, projectId?: string | null): Promise<InboundSourceView[]> {
    if (projectId && !PROJECT_KEY.test(projectId)) {
      throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_PROJECT', 'the project id is invalid', [
        { field: 'projectId', description: 'must match ^[a-z0-9][a-z0-9._-]{0,62}$' },
      ]);
    }
    const rows = (await this.dataSource.query(
      `SELECT * FROM "webhook"."inbound_sources" WHERE "org_id" = $1 AND "deleted_at" IS NULL AND ($2::text IS NULL OR "project_id" = $2)
        ORDER BY "created_at", "id" LIMIT 1000`,
      [identity.orgId, projectId || null],
    )) as InboundSourceRow[];
    return rows.map(toSourceView);
  }

  async delete(identity: CallerIdentity, id: string): Promise<void> {
    const result = UUID.test(id ?? '')
      ? ((await this.dataSource.query(
          `UPDATE "webhook"."inbound_sources" SET "deleted_at" = now() WHERE "id" = $1 AND "org_id" = $2 AND "deleted_at" IS NULL`,
          [id, identity.orgId],
        )) as [unknown[], number])
      : [[], 0];
    if (result[1] === 0) throw new WebhookException('NOT_FOUND', 'WEBHOOK.INBOUND_SOURCE_NOT_FOUND', `inbound source ${id} not found`);
  }
}

export function toSourceView(row: InboundSourceRow): InboundSourceView {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    scheme: row.scheme,
    signatureHeader: row.signature_header,
    toleranceSeconds: row.tolerance_seconds,
    createdAt: row.created_at,
  };
}
