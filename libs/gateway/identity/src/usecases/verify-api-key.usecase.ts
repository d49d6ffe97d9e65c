import { Injectable, Logger } from '@nestjs/common';
import { DomainException } from '@so/shared';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyCache } from '../api-key/api-key.cache.js';
import { apiKeyHashesEqual, apiKeyLookupPrefix, hashApiKey, isWellFormedApiKey } from '../api-key/api-key-format.js';
import type { VerifiedApiKey } from '../api-key/verified-api-key.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

/**
 * Resolves a presented key to its org and scopes. Lookup goes by the indexed prefix, then the
 * SHA-256 of the whole key is compared in constant time. Verified keys are cached for a short TTL so
 * the hot path costs no database round trip; `last_used_at` is written on cache misses only
 * (accurate to the TTL, without a write per request).
 */
@Injectable()
export class VerifyApiKeyUseCase {
  private readonly logger = new Logger(VerifyApiKeyUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: ApiKeyCache,
  ) {}

  /** The key's identity, or undefined when it is malformed, unknown or revoked. */
  async execute(presented: string): Promise<VerifiedApiKey | undefined> {
    if (!isWellFormedApiKey(presented)) return undefined;
    const hash = hashApiKey(presented);
    const cached = this.cache.get(hash);
    if (cached) return cached;

    let candidates: ApiKeyEntity[];
    try {
      // The one query not scoped by org_id: it is what finds the org.
      candidates = await this.dataSource.getRepository(ApiKeyEntity).find({
        where: { prefix: apiKeyLookupPrefix(presented), revokedAt: IsNull() },
        take: 16,
      });
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'API key lookup failed');
      throw new DomainException(
        'UNAVAILABLE',
        'AUTH.BACKEND_UNAVAILABLE',
        'cannot verify credentials right now; retry shortly',
      );
    }
    // Compare against every candidate (not just until the first match) to keep timing uniform.
    let match: ApiKeyEntity | undefined;
    for (const candidate of candidates) {
      if (apiKeyHashesEqual(candidate.hash, hash)) match = candidate;
    }
    if (!match) return undefined;

    const verified: VerifiedApiKey = { keyId: match.id, orgId: match.orgId, scopes: [...match.scopes] };
    this.cache.set(hash, verified);
    this.touch(match.id);
    return verified;
  }

  private touch(keyId: string): void {
    this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: keyId }, { lastUsedAt: new Date() })
      .catch((error: unknown) =>
        this.logger.warn(
          { keyId, err: error instanceof Error ? error.message : String(error) },
          'could not record last_used_at',
        ),
      );
  }
}
