import { identityTokenIssuedAt, verifyIdentity } from '@so/shared';
import type { ExtendedError } from 'socket.io';
import type { RealtimeErrorCode, RealtimeErrorPayload } from './realtime.protocol.js';
import type { RealtimePreferencesStore } from './realtime-preferences.store.js';
import type { RealtimeSocket } from './realtime-socket.types.js';

type Middleware = (socket: RealtimeSocket, next: (error?: ExtendedError) => void) => void;

/** A handshake refusal: the client's `connect_error` has `message === code` and `data = { code, message }`. */
export function handshakeError(code: RealtimeErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(code);
  const data: RealtimeErrorPayload = { code, message };
  error.data = data;
  return error;
}

/**
 * Accepts a socket only with a token the gateway signed (`POST /api/v1/realtime/tokens`), sent as
 * `auth: { token }` or, for clients that cannot set auth, `?token=`. The verified identity decides
 * which org's rooms the socket may ever join.
 */
export function createHandshakeAuth(internalToken: string, preferences: RealtimePreferencesStore): Middleware {
  return (socket, next) => {
    const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const fromQuery = socket.handshake.query.token;
    const token = fromAuth ?? (Array.isArray(fromQuery) ? fromQuery[0] : fromQuery);
    if (token === undefined || token === '') {
      next(handshakeError('UNAUTHENTICATED', 'a token is required: connect with auth: { token } (issued by POST /api/v1/realtime/tokens)'));
      return;
    }
    const identity = verifyIdentity(token, internalToken, Date.now(), 'realtime');
    if (!identity) {
      next(handshakeError('UNAUTHENTICATED', 'the token is invalid or expired: request a new one from POST /api/v1/realtime/tokens'));
      return;
    }
    socket.data.identity = identity;
    socket.data.identityIssuedAt = identityTokenIssuedAt(token as string) ?? Date.now();
    socket.data.subscriptions = new Set();
    // Before the connection is accepted, so no message is routed with preferences still unknown.
    void preferences.get(identity).then((stored) => {
      socket.data.preferences = stored;
      next();
    });
  };
}

/** Refuses every connection (used on the default namespace, which the service does not serve). */
export function refuseNamespace(allowed: readonly string[]): Middleware {
  return (_socket, next) => next(handshakeError('UNKNOWN_NAMESPACE', `connect to one of the namespaces ${allowed.join(', ')}`));
}
