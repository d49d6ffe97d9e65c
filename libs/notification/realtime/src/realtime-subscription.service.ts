import { Inject, Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { RealtimeException } from './realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { parsePayload as parse } from './realtime-payload.js';
import type { RealtimePreferences } from './realtime-preferences.js';
import { allFollowRooms, analysisRoom, followRooms, projectRoom } from './realtime-rooms.js';
import { analysisSubscriptionSchema, projectSubscriptionSchema } from './realtime-subscription.schemas.js';

/** The part of a connection the subscription use cases need, independent of socket.io. */
export interface Subscriber {
  identity: CallerIdentity;
  /** When the ticket behind `identity` was signed. */
  identityIssuedAt: number;
  /** What the connection's owner wants pushed; decides which message rooms a subscription joins. */
  preferences: RealtimePreferences;
  /** Followed analyses and projects (their base rooms). */
  subscriptions: Set<string>;
  join(rooms: string[]): Promise<void> | void;
  leave(room: string): Promise<void> | void;
  /** Sends one message to this connection only. */
  emit(message: string, payload: unknown): void;
}

/**
 * Client subscriptions to analyses and project dashboards. Rooms are derived from the subscriber's
 * verified org, never from the payload, which is what keeps orgs apart.
 */
@Injectable()
export class RealtimeSubscriptionService {
  constructor(@Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions) {}

  async subscribeAnalysis(subscriber: Subscriber, payload: unknown): Promise<void> {
    const { analysisId } = parse(analysisSubscriptionSchema, payload);
    await this.join(subscriber, analysisRoom(subscriber.identity.orgId, analysisId));
  }

  async unsubscribeAnalysis(subscriber: Subscriber, payload: unknown): Promise<void> {
    const { analysisId } = parse(analysisSubscriptionSchema, payload);
    await this.leave(subscriber, analysisRoom(subscriber.identity.orgId, analysisId));
  }

  async subscribeProject(subscriber: Subscriber, payload: unknown): Promise<void> {
    const { projectId } = parse(projectSubscriptionSchema, payload);
    await this.join(subscriber, projectRoom(subscriber.identity.orgId, projectId));
  }

  async unsubscribeProject(subscriber: Subscriber, payload: unknown): Promise<void> {
    const { projectId } = parse(projectSubscriptionSchema, payload);
    await this.leave(subscriber, projectRoom(subscriber.identity.orgId, projectId));
  }

  /** Refuses before any work is done when the connection could not hold one more room. */
  ensureRoomForOneMore(subscriber: Subscriber): void {
    if (subscriber.subscriptions.size >= this.options.maxSubscriptionsPerSocket) {
      throw new RealtimeException(
        'TOO_MANY_SUBSCRIPTIONS',
        `a connection may hold at most ${this.options.maxSubscriptionsPerSocket} subscriptions: unsubscribe from some first`,
      );
    }
  }

  /** Re-joins every followed analysis and project after the preferences changed. */
  async applyPreferences(subscriber: Subscriber): Promise<void> {
    for (const base of subscriber.subscriptions) {
      const wanted = followRooms(base, subscriber.preferences);
      // Joins before leaving, so a room kept is never left: its messages keep arriving throughout
      // (leaving a room's last local socket would unsubscribe its channel until the re-join).
      await subscriber.join(wanted);
      for (const room of allFollowRooms(base)) {
        if (!wanted.includes(room)) await subscriber.leave(room);
      }
    }
  }

  private async join(subscriber: Subscriber, base: string): Promise<void> {
    if (subscriber.subscriptions.has(base)) return;
    this.ensureRoomForOneMore(subscriber);
    subscriber.subscriptions.add(base);
    await subscriber.join(followRooms(base, subscriber.preferences));
  }

  private async leave(subscriber: Subscriber, base: string): Promise<void> {
    subscriber.subscriptions.delete(base);
    await this.leaveAll(subscriber, base);
  }

  private async leaveAll(subscriber: Subscriber, base: string): Promise<void> {
    for (const room of allFollowRooms(base)) await subscriber.leave(room);
  }
}
