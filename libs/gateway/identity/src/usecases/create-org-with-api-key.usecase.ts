import { Injectable } from '@nestjs/common';
import { DomainException } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { OrgEntity } from '../entities/org.entity.js';
import { newApiKeyRow, toIssuedApiKey, validateApiKeyDraft, type IssuedApiKey } from './api-key-input.js';

export interface CreateOrgWithApiKeyInput {
  orgName: string;
  /** Defaults to `default`. */
  keyName?: string;
  /** Defaults to `['*']`. */
  scopes?: string[];
}

export interface CreatedOrgWithApiKey {
  org: { id: string; name: string; createdAt: Date };
  apiKey: IssuedApiKey;
}

/** Creates an org and its first API key in one transaction (onboarding, tests, the admin CLI). */
@Injectable()
export class CreateOrgWithApiKeyUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(input: CreateOrgWithApiKeyInput): Promise<CreatedOrgWithApiKey> {
    const orgName = typeof input.orgName === 'string' ? input.orgName.trim() : '';
    const orgViolations =
      orgName.length < 1 || orgName.length > 200
        ? [{ field: 'orgName', description: 'must be 1 to 200 characters' }]
        : [];
    const { name, scopes } = validateApiKeyDraft({ name: input.keyName, scopes: input.scopes }, orgViolations);
    if (orgViolations.length > 0)
      throw new DomainException('INVALID_ARGUMENT', 'IDENTITY.INVALID_INPUT', 'invalid org', orgViolations);

    return this.dataSource.transaction(async (manager) => {
      const org = manager.create(OrgEntity, { id: randomUUID(), name: orgName, createdAt: new Date() });
      await manager.insert(OrgEntity, org);
      const { row, key } = newApiKeyRow(org.id, name, scopes);
      await manager.insert(ApiKeyEntity, row);
      return { org: { id: org.id, name: org.name, createdAt: org.createdAt }, apiKey: toIssuedApiKey(row, key) };
    });
  }
}
