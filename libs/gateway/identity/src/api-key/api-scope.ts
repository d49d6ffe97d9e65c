import { scopesAllow } from '@so/shared';

/**
 * Scopes an API key may carry. `*` grants everything (the bootstrap key and keys created without an
 * explicit list). Scope names are part of the public API: do not rename, add new ones.
 */
export const API_SCOPES = [
  '*',
  'analyses:read',
  'analyses:write',
  'webhooks:read',
  'webhooks:write',
  'integrations:read',
  'integrations:write',
  'realtime:subscribe',
  'keys:read',
  'keys:write',
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** True when `granted` allows `required` (the rule every service applies to a signed identity's scopes). */
export function scopeAllows(granted: readonly string[], required: ApiScope): boolean {
  return scopesAllow(granted, required);
}

/**
 * True when a key holding `grantor` may issue a key with `requested`: never more than it holds
 * itself, so a narrowly scoped key cannot mint a broader one (`*` only from `*`).
 */
export function scopesGrantable(grantor: readonly string[], requested: readonly string[]): boolean {
  if (grantor.includes('*')) return true;
  return requested.every((scope) => scope !== '*' && grantor.includes(scope));
}
