import { DomainException, type CallerIdentity } from '@so/shared';

/**
 * Refuses a caller whose API key lacks `scope` (or `*`), as the REST routes and gRPC methods of the
 * gateway do: a read-only key must not start or change analyses through GraphQL either.
 */
export function assertScope(identity: CallerIdentity, scope: string): void {
  if (identity.scopes.includes('*') || identity.scopes.includes(scope)) return;
  throw new DomainException('PERMISSION_DENIED', 'AUTH.MISSING_SCOPE', `this operation needs an API key with scope ${scope}`);
}
