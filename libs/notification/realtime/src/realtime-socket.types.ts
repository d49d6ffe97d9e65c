import type { CallerIdentity } from '@so/shared';
import type { RealtimePreferences } from './realtime-preferences.js';
import type { DefaultEventsMap, Namespace, Server, Socket } from 'socket.io';

/** What the handshake stores on every accepted socket. */
export interface RealtimeSocketData {
  identity: CallerIdentity;
  /** When the ticket behind `identity` was signed: acting on the caller's behalf needs a fresh one. */
  identityIssuedAt: number;
  /** The owner's preferences, read at connect and changed by SET_PREFERENCES. */
  preferences: RealtimePreferences;
  /** Analyses and projects followed through client messages: their base rooms (bounded per socket). */
  subscriptions: Set<string>;
}

export type RealtimeServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;
export type RealtimeNamespaceHandle = Namespace<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;
export type RealtimeSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;
