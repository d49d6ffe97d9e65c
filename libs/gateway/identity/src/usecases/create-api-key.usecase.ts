import { Injectable } from '@nestjs/common';
import { DomainException } from '@so/shared';
import { DataSource } from 'typeorm';
import { scopesGrantable } from '../api-key/api-scope.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { OrgEntity } from '../entities/org.entity.js';
import { newApiKeyRow, toIssuedApiKey, validateApiKeyDraft, type IssuedApiKey } from './api-key-input.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CreateApiKeyInput {
  orgId: string;
  name?: string;
  /** Defaults to the grantor's scopes when a grantor is given, else `*`. */
  scopes?: string[];
  /** Scopes of the key asking for this one: the new key may not exceed them (PERMISSION_DENIED). */
  grantorScopes?: readonly string[];
}

/** Adds a key to an existing org. */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(input: CreateApiKeyInput): Promise<IssuedApiKey> {
    const { name, scopes } = validateApiKeyDraft({ name: input.name, scopes: input.scopes ?? input.grantorScopes?.slice() });
    if (input.grantorScopes && !scopesGrantable(input.grantorScopes, scopes)) {
      throw new DomainException(
        'PERMISSION_DENIED',
        'IDENTITY.SCOPE_ESCALATION',
        'a key can only issue keys with scopes it holds itself',
      );
    }
    const org = UUID.test(input.orgId)
      ? await this.dataSource.getRepository(OrgEntity).findOneBy({ id: input.orgId })
      : null;
    if (!org) throw new DomainException('NOT_FOUND', 'IDENTITY.ORG_NOT_FOUND', `org ${input.orgId} does not exist`);
    const { row, key } = newApiKeyRow(org.id, name, scopes);
    await this.dataSource.getRepository(ApiKeyEntity).insert(row);
    return toIssuedApiKey(row, key);
  }
}
