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
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** True when `granted` allows `required`. */
export function scopeAllows(granted: readonly string[], required: ApiScope): boolean {
  return granted.includes('*') || granted.includes(required);
}
