/**
 * The socket.io protocol of the notification service, as browsers and other clients see it.
 * Event names are part of the public contract (also used by the gateway's SSE streams): do not rename.
 */

export const SECURITY_NAMESPACE = '/ws/security';
export const INTEGRATIONS_NAMESPACE = '/ws/integrations';
export const REALTIME_NAMESPACES = [SECURITY_NAMESPACE, INTEGRATIONS_NAMESPACE] as const;
export type RealtimeNamespace = (typeof REALTIME_NAMESPACES)[number];

/** Messages the server emits. */
export const ServerMessage = {
  CONNECTION_ESTABLISHED: 'CONNECTION_ESTABLISHED',
  ANALYSIS_PROGRESS: 'ANALYSIS_PROGRESS',
  SECURITY_FINDING: 'SECURITY_FINDING',
  ANALYSIS_COMPLETED: 'ANALYSIS_COMPLETED',
  INTEGRATION_STATUS: 'INTEGRATION_STATUS',
  ERROR: 'ERROR',
} as const;
export type ServerMessageName = (typeof ServerMessage)[keyof typeof ServerMessage];

/** Messages a client may send, each with an optional ack callback. */
export const ClientMessage = {
  SUBSCRIBE_ANALYSIS: 'SUBSCRIBE_ANALYSIS',
  UNSUBSCRIBE_ANALYSIS: 'UNSUBSCRIBE_ANALYSIS',
  SUBSCRIBE_PROJECT: 'SUBSCRIBE_PROJECT',
  UNSUBSCRIBE_PROJECT: 'UNSUBSCRIBE_PROJECT',
  START_ANALYSIS: 'START_ANALYSIS',
  RENEW_TOKEN: 'RENEW_TOKEN',
  GET_PREFERENCES: 'GET_PREFERENCES',
  SET_PREFERENCES: 'SET_PREFERENCES',
} as const;
export type ClientMessageName = (typeof ClientMessage)[keyof typeof ClientMessage];

/** Error codes carried by `ERROR` messages, acks and handshake refusals (`connect_error` data). */
export type RealtimeErrorCode =
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_NAMESPACE'
  | 'UNKNOWN_MESSAGE'
  | 'INVALID_PAYLOAD'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'REJECTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface RealtimeErrorPayload {
  code: RealtimeErrorCode;
  message: string;
  /** The client message that caused the error, when there is one. */
  event?: string;
}

/** What the ack callback of every client message receives; `data` only where the message yields something. */
export type RealtimeAck = { ok: true; data?: unknown } | { ok: false; error: RealtimeErrorPayload };

export interface ConnectionEstablishedPayload {
  socketId: string;
  namespace: string;
  orgId: string;
  principalId: string;
  serverTime: string;
}

/** The domain event envelope as pushed to sockets (no org id or internal fields). */
export interface RealtimeEventPayload {
  id: string;
  type: string;
  occurredAt: string;
  projectId: string;
  /** Terminal status, on `ANALYSIS_COMPLETED` only. */
  status?: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  data: unknown;
}
