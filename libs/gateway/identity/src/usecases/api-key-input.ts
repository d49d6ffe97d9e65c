import { DomainException, type FieldViolation } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { generateApiKey, apiKeyLookupPrefix, hashApiKey } from '../api-key/api-key-format.js';
import { isApiScope } from '../api-key/api-scope.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

/** A key as returned once at creation: `key` is the only time the secret leaves the gateway. */
export interface IssuedApiKey {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  key: string;
}

export interface ApiKeyDraft {
  name?: string;
  scopes?: string[];
}

/** Checks a key name and scope list; throws INVALID_ARGUMENT listing every problem. */
export function validateApiKeyDraft(
  draft: ApiKeyDraft,
  extra: FieldViolation[] = [],
): { name: string; scopes: string[] } {
  const violations = [...extra];
  const name = (draft.name ?? 'default').trim();
  if (name.length < 1 || name.length > 200)
    violations.push({ field: 'keyName', description: 'must be 1 to 200 characters' });
  const scopes = draft.scopes ?? ['*'];
  if (scopes.length === 0) violations.push({ field: 'scopes', description: 'must list at least one scope' });
  scopes.forEach((scope, index) => {
    if (!isApiScope(scope)) violations.push({ field: `scopes.${index}`, description: `unknown scope '${scope}'` });
  });
  if (violations.length > 0)
    throw new DomainException('INVALID_ARGUMENT', 'IDENTITY.INVALID_INPUT', 'invalid API key request', violations);
  return { name, scopes: [...new Set(scopes)] };
}

/** A new key row plus the secret; `key` may be given (bootstrap key) or is generated. */
export function newApiKeyRow(
  orgId: string,
  name: string,
  scopes: string[],
  key = generateApiKey(),
): { row: ApiKeyEntity; key: string } {
  const row = new ApiKeyEntity();
  row.id = randomUUID();
  row.orgId = orgId;
  row.name = name;
  row.prefix = apiKeyLookupPrefix(key);
  row.hash = hashApiKey(key);
  row.scopes = scopes;
  row.createdAt = new Date();
  row.lastUsedAt = null;
  row.revokedAt = null;
  return { row, key };
}

export function toIssuedApiKey(row: ApiKeyEntity, key: string): IssuedApiKey {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt,
    key,
  };
}
