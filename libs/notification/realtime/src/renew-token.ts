import { identityTokenIssuedAt, verifyIdentity, type CallerIdentity } from '@so/shared';
import { z } from 'zod';
import { RealtimeException } from './realtime.exception.js';
import { parsePayload } from './realtime-payload.js';

const renewTokenSchema = z.object({ token: z.string({ message: 'must be a string' }).min(1, 'is required').max(4096, 'is too long') }).strict();

/** The part of a connection whose ticket can be renewed. */
export interface RenewableConnection {
  identity: CallerIdentity;
  identityIssuedAt: number;
}

/**
 * RENEW_TOKEN: swaps the connection's ticket for a newer one of the same caller without
 * reconnecting (rooms stay joined). The org and principal must not change: rooms are named after
 * the org, and a connection is one caller's.
 */
export function renewToken(connection: RenewableConnection, payload: unknown, internalToken: string, now = Date.now()): void {
  const { token } = parsePayload(renewTokenSchema, payload);
  const identity = verifyIdentity(token, internalToken, now, 'realtime');
  if (!identity) throw new RealtimeException('UNAUTHENTICATED', 'the token is invalid or expired: request a new one from POST /api/v1/realtime/tokens');
  if (identity.orgId !== connection.identity.orgId || identity.principalId !== connection.identity.principalId) {
    throw new RealtimeException('FORBIDDEN', 'the token belongs to another caller: a connection keeps the caller it was opened with');
  }
  connection.identity = identity;
  connection.identityIssuedAt = identityTokenIssuedAt(token) ?? now;
}
