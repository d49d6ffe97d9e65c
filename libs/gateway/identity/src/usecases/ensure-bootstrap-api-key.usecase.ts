import { Injectable, Logger } from '@nestjs/common';
import { DomainException } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey, isWellFormedApiKey } from '../api-key/api-key-format.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { OrgEntity } from '../entities/org.entity.js';
import { newApiKeyRow } from './api-key-input.js';

export const BOOTSTRAP_ORG_NAME = 'dev';
export const BOOTSTRAP_KEY_NAME = 'bootstrap';

export interface BootstrapApiKeyResult {
  orgId: string;
  keyId: string;
  /** False when the key already existed (a restart). */
  created: boolean;
}

/**
 * Seeds org `dev` with the operator-supplied BOOTSTRAP_API_KEY. Idempotent across restarts and safe
 * when several replicas boot at once (transaction-scoped advisory lock). A key that an admin revoked
 * stays revoked: re-enabling it silently would undo a deliberate security action.
 */
@Injectable()
export class EnsureBootstrapApiKeyUseCase {
  private readonly logger = new Logger(EnsureBootstrapApiKeyUseCase.name);

  constructor(private readonly dataSource: DataSource) {}

  async execute(key: string): Promise<BootstrapApiKeyResult> {
    if (!isWellFormedApiKey(key)) {
      throw new DomainException(
        'INVALID_ARGUMENT',
        'IDENTITY.INVALID_BOOTSTRAP_KEY',
        'BOOTSTRAP_API_KEY must look like so_live_<32 base62 characters>',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('so:gateway:bootstrap-api-key'))`);
      const existing = await manager.findOneBy(ApiKeyEntity, { hash: hashApiKey(key) });
      if (existing) {
        if (existing.revokedAt)
          this.logger.warn({ keyId: existing.id }, 'BOOTSTRAP_API_KEY was revoked and stays revoked');
        return { orgId: existing.orgId, keyId: existing.id, created: false };
      }
      let org = await manager.findOne(OrgEntity, { where: { name: BOOTSTRAP_ORG_NAME }, order: { createdAt: 'ASC' } });
      if (!org) {
        org = manager.create(OrgEntity, { id: randomUUID(), name: BOOTSTRAP_ORG_NAME, createdAt: new Date() });
        await manager.insert(OrgEntity, org);
      }
      const { row } = newApiKeyRow(org.id, BOOTSTRAP_KEY_NAME, ['*'], key);
      await manager.insert(ApiKeyEntity, row);
      this.logger.log({ orgId: org.id, keyId: row.id }, 'bootstrap API key seeded');
      return { orgId: org.id, keyId: row.id, created: true };
    });
  }
}
