import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDomainException } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { RealtimeException } from './realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import {
  ClientMessage,
  SECURITY_NAMESPACE,
  ServerMessage,
  type ConnectionEstablishedPayload,
  type RealtimeAck,
  type RealtimeErrorPayload,
  type RealtimeNamespace,
} from './realtime.protocol.js';
import { PersonConnections } from './person-connections.js';
import { adapterSubscriptionsSettled } from './realtime-adapter.js';
import { sharedPreferencesSchema, type RealtimePreferences } from './realtime-preferences.js';
import { RealtimeRedis } from './realtime-redis.js';
import { orgRoom } from './realtime-rooms.js';
import type { RealtimeSocket } from './realtime-socket.types.js';
import { RealtimeSubscriptionService, type Subscriber } from './realtime-subscription.service.js';
import { renewToken } from './renew-token.js';
import { StartAnalysisUseCase } from './start-analysis/start-analysis.usecase.js';
import { UpdatePreferencesUseCase } from './update-preferences.usecase.js';

type Ack = (response: RealtimeAck) => void;

/** Server-side message between instances: a person's preferences changed (serverSideEmit on the security namespace). */
export const PREFERENCES_CHANGED = 'so:preferences-changed';

const SECURITY_MESSAGES: readonly string[] = Object.values(ClientMessage);
const CONNECTION_MESSAGES: readonly string[] = [ClientMessage.RENEW_TOKEN, ClientMessage.GET_PREFERENCES, ClientMessage.SET_PREFERENCES];

/**
 * Socket.io entry point: greets accepted sockets and maps client messages to the subscription use
 * cases. Every failure becomes an `ERROR` message (and a failed ack); the socket is never dropped
 * for a bad message.
 */
@Injectable()
export class RealtimeClientGateway {
  private readonly logger = new Logger(RealtimeClientGateway.name);
  private readonly connections = new PersonConnections();

  constructor(
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    private readonly subscriptions: RealtimeSubscriptionService,
    private readonly startAnalysis: StartAnalysisUseCase,
    private readonly updatePreferences: UpdatePreferencesUseCase,
    private readonly redis: RealtimeRedis,
  ) {}

  onConnection(namespace: RealtimeNamespace, socket: RealtimeSocket): void {
    const { identity } = socket.data;
    void socket.join(orgRoom(identity.orgId));
    this.connections.add(socket);
    socket.on('disconnect', () => this.connections.remove(socket));
    socket.onAny((event: unknown, ...args: unknown[]) => {
      void this.dispatch(namespace, socket, event, args);
    });
    // Greeted once this instance listens on the org room's channel: from then on the org-wide
    // feeds reach the socket whichever instance emits them.
    void this.listening().then(() => {
      const greeting: ConnectionEstablishedPayload = {
        socketId: socket.id,
        namespace,
        orgId: identity.orgId,
        principalId: identity.principalId,
        serverTime: new Date().toISOString(),
      };
      socket.emit(ServerMessage.CONNECTION_ESTABLISHED, greeting);
    });
  }

  /** Resolves once the rooms joined so far receive what every instance emits to them. */
  private listening(): Promise<void> {
    return adapterSubscriptionsSettled(this.redis.sub);
  }

  /** The socket as the use cases see it; its joins are answered once this instance listens on the rooms. */
  private subscriberOf(socket: RealtimeSocket): Subscriber {
    return toSubscriber(socket, () => this.listening());
  }

  private async dispatch(namespace: RealtimeNamespace, socket: RealtimeSocket, event: unknown, args: unknown[]): Promise<void> {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const name = typeof event === 'string' ? event : String(event);
    try {
      const data = await this.route(namespace, socket, name, payload);
      ack?.(data === undefined ? { ok: true } : { ok: true, data });
    } catch (error) {
      const problem = this.toErrorPayload(error, name);
      socket.emit(ServerMessage.ERROR, problem);
      ack?.({ ok: false, error: problem });
    }
  }

  /** Resolves with what the ack carries besides `ok` (only START_ANALYSIS has something). */
  private async route(namespace: RealtimeNamespace, socket: RealtimeSocket, event: string, payload: unknown): Promise<unknown> {
    // Messages about the connection itself, on every namespace.
    switch (event) {
      case ClientMessage.RENEW_TOKEN:
        return renewToken(socket.data, payload, this.options.internalToken);
      case ClientMessage.GET_PREFERENCES:
        return socket.data.preferences;
      case ClientMessage.SET_PREFERENCES: {
        const preferences = await this.updatePreferences.execute(this.subscriberOf(socket), payload);
        await this.shareWithOtherConnections(socket, preferences);
        return preferences;
      }
    }
    if (namespace === SECURITY_NAMESPACE) {
      const subscriber = this.subscriberOf(socket);
      switch (event) {
        case ClientMessage.SUBSCRIBE_ANALYSIS:
          return this.subscriptions.subscribeAnalysis(subscriber, payload);
        case ClientMessage.UNSUBSCRIBE_ANALYSIS:
          return this.subscriptions.unsubscribeAnalysis(subscriber, payload);
        case ClientMessage.SUBSCRIBE_PROJECT:
          return this.subscriptions.subscribeProject(subscriber, payload);
        case ClientMessage.UNSUBSCRIBE_PROJECT:
          return this.subscriptions.unsubscribeProject(subscriber, payload);
        case ClientMessage.START_ANALYSIS:
          return this.startAnalysis.execute(subscriber, payload);
      }
      throw new RealtimeException('UNKNOWN_MESSAGE', `unknown message "${clip(event)}": expected one of ${SECURITY_MESSAGES.join(', ')}`);
    }
    // The integrations feed is org-wide (joined at connect): only the messages about the connection itself.
    throw new RealtimeException('UNKNOWN_MESSAGE', `unknown message "${clip(event)}": ${namespace} accepts only ${CONNECTION_MESSAGES.join(', ')}`);
  }

  /** A PREFERENCES_CHANGED message from another instance: its person's sockets here follow the change. */
  async onPreferencesChanged(message: unknown): Promise<void> {
    const parsed = sharedPreferencesSchema.safeParse(message);
    if (!parsed.success) {
      this.logger.warn({ issues: parsed.error.issues.length }, 'malformed preferences change from another instance ignored');
      return;
    }
    const { orgId, principalId, preferences } = parsed.data;
    await this.applyToConnections({ orgId, principalId }, preferences);
  }

  /**
   * The person's other open sockets take the new preferences too: those on this instance at once
   * (before the ack), those on other instances moments later, through a server-side message.
   */
  private async shareWithOtherConnections(origin: RealtimeSocket, preferences: RealtimePreferences): Promise<void> {
    const { orgId, principalId } = origin.data.identity;
    await this.applyToConnections({ orgId, principalId }, preferences, origin);
    origin.nsp.server.of(SECURITY_NAMESPACE).serverSideEmit(PREFERENCES_CHANGED, { orgId, principalId, preferences });
  }

  private async applyToConnections(person: { orgId: string; principalId: string }, preferences: RealtimePreferences, except?: RealtimeSocket): Promise<void> {
    for (const socket of this.connections.of(person)) {
      if (socket === except) continue;
      socket.data.preferences = preferences;
      // Only the security namespace follows analyses and projects; elsewhere the value is all there is.
      if (socket.nsp.name !== SECURITY_NAMESPACE) continue;
      try {
        await this.subscriptions.applyPreferences(this.subscriberOf(socket));
      } catch (error) {
        this.logger.warn({ socketId: socket.id, err: describe(error) }, 'new preferences not applied to a socket');
      }
    }
  }

  private toErrorPayload(error: unknown, event: string): RealtimeErrorPayload {
    if (error instanceof RealtimeException) return { code: error.errorCode, message: error.message, event: clip(event) };
    const errorId = randomUUID();
    this.logger.error({ errorId, event: clip(event), err: isDomainException(error) ? error.code : describe(error) }, 'socket message failed');
    return { code: 'INTERNAL', message: `the message could not be handled (errorId ${errorId})`, event: clip(event) };
  }
}

/** `listening` resolves once the rooms joined so far receive what every instance emits to them. */
function toSubscriber(socket: RealtimeSocket, listening: () => Promise<void>): Subscriber {
  return {
    identity: socket.data.identity,
    identityIssuedAt: socket.data.identityIssuedAt,
    // The connection's own state, not a copy: a use case that changes the preferences changes them here.
    get preferences() {
      return socket.data.preferences;
    },
    set preferences(preferences) {
      socket.data.preferences = preferences;
    },
    subscriptions: socket.data.subscriptions,
    // Answered only once the rooms are live on every instance, so nothing emitted after the ack is missed.
    join: async (rooms) => {
      await socket.join(rooms);
      await listening();
    },
    leave: (room) => socket.leave(room),
    emit: (message, payload) => void socket.emit(message, payload),
  };
}

/** Event names come from the client: keep them short in replies and logs. */
function clip(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
}
