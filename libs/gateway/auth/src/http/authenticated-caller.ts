import type { CallerIdentity } from '@so/shared';

/** Who made the current request, as established by the API key hook. */
export interface AuthenticatedCaller {
  identity: CallerIdentity;
  /** The request's correlation id, forwarded on every call to a peer. */
  correlationId: string;
}
