import { Injectable } from '@nestjs/common';
import { DomainException } from '@so/shared';
import { DataSource } from 'typeorm';
import { ApiKeyRevocationBus } from '../api-key/api-key-revocation.bus.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Revokes a key of an org; the key stops working at once on this replica and within the cache TTL everywhere. */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revocations: ApiKeyRevocationBus,
  ) {}

  async execute(orgId: string, keyId: string): Promise<void> {
    if (!UUID.test(keyId) || !UUID.test(orgId)) throw notFound(keyId);
    // Scoped by org_id: one org can never revoke another's key.
    const rows = (await this.dataSource.query(
      `UPDATE "gateway"."api_keys" SET "revoked_at" = now()
        WHERE "id" = $1 AND "org_id" = $2 AND "revoked_at" IS NULL RETURNING "id"`,
      [keyId, orgId],
    )) as [unknown[], number];
    if (rows[1] === 0) {
      const existing = (await this.dataSource.query(
        `SELECT 1 FROM "gateway"."api_keys" WHERE "id" = $1 AND "org_id" = $2`,
        [keyId, orgId],
      )) as unknown[];
      if (existing.length === 0) throw notFound(keyId);
    }
    await this.revocations.revoked(keyId);
  }
}

function notFound(keyId: string): DomainException {
  return new DomainException('NOT_FOUND', 'IDENTITY.API_KEY_NOT_FOUND', `API key ${keyId} does not exist`);
}
