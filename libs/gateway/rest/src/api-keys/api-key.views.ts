import { API_SCOPES, type ApiKeySummary, type IssuedApiKey } from '@so/gateway-identity';
import { z } from 'zod';

export const CreateApiKeyRequestSchema = z
  .object({
    name: z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    scopes: z
      .array(z.enum(API_SCOPES, { message: `must be one of ${API_SCOPES.join(', ')}` }))
      .min(1, 'must list at least one scope')
      .max(API_SCOPES.length)
      .optional()
      .describe("Defaults to the calling key's scopes; never more than the calling key holds"),
  })
  .strict();
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;

export const ListApiKeysQuerySchema = z
  .object({ includeRevoked: z.enum(['true', 'false'], { message: 'must be true or false' }).optional() })
  .strict();

const ApiKeyViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyViewSchema>;

export const ApiKeyListViewSchema = z.object({ items: z.array(ApiKeyViewSchema) });
export const CreatedApiKeyViewSchema = ApiKeyViewSchema.extend({
  key: z.string().describe('The secret: shown once, store it now'),
});
export type CreatedApiKeyView = z.infer<typeof CreatedApiKeyViewSchema>;

export function toApiKeyView(key: ApiKeySummary): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export function toCreatedApiKeyView(key: IssuedApiKey): CreatedApiKeyView {
  return { ...toApiKeyView({ ...key, lastUsedAt: null, revokedAt: null }), key: key.key };
}
