import { Inject, Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { RealtimeException } from './realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { parsePayload as parse } from './realtime-payload.js';
import { analysisRoom, projectRoom } from './realtime-rooms.js';
import { analysisSubscriptionSchema, projectSubscriptionSchema } from './realtime-subscription.schemas.js';

/** The part of a connection the subscription use cases need, independent of socket.io. */
export interface Subscriber {
  identity: CallerIdentity;
  /** When the ticket behind `identity` was signed. */
  identityIssuedAt: number;
  subscriptions: Set<string>;
  join(room: string): Promise<void> | void;
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

  private async join(subscriber: Subscriber, room: string): Promise<void> {
    if (subscriber.subscriptions.has(room)) return;
    this.ensureRoomForOneMore(subscriber);
    subscriber.subscriptions.add(room);
    await subscriber.join(room);
  }

  private async leave(subscriber: Subscriber, room: string): Promise<void> {
    subscriber.subscriptions.delete(room);
    await subscriber.leave(room);
  }
}
