import type { CallerIdentity } from '../identity/identity-token.js';

/** On whose behalf a peer is called; the identity is signed into the call's metadata. */
export interface PeerCallContext {
  identity: CallerIdentity;
  /** Forwarded as `x-correlation-id`; when absent the current async context's id (or a new one) is used. */
  correlationId?: string;
}
