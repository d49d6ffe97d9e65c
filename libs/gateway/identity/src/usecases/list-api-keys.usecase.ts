import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

/** A key as listed: never the secret or its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Most keys one listing returns; an org with more is an operator's problem worth a paged API then. */
export const MAX_LISTED_API_KEYS = 500;

/** The keys of one org, newest first, revoked ones included (an audit trail) unless asked otherwise. */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(orgId: string, options: { includeRevoked?: boolean } = {}): Promise<ApiKeySummary[]> {
    const query = this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('key')
      .select(['key.id', 'key.name', 'key.prefix', 'key.scopes', 'key.createdAt', 'key.lastUsedAt', 'key.revokedAt'])
      .where('key.orgId = :orgId', { orgId })
      .orderBy('key.createdAt', 'DESC')
      .addOrderBy('key.id', 'DESC')
      .limit(MAX_LISTED_API_KEYS);
    if (!options.includeRevoked) query.andWhere('key.revokedAt IS NULL');
    const rows = await query.getMany();
    return rows.map(({ id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt }) => ({ id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt }));
  }
}
