import { Inject, Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import type { z } from 'zod';
import { RealtimeException } from './realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { analysisRoom, projectRoom } from './realtime-rooms.js';
import { analysisSubscriptionSchema, projectSubscriptionSchema } from './realtime-subscription.schemas.js';

/** The part of a connection the subscription use cases need, independent of socket.io. */
export interface Subscriber {
  identity: CallerIdentity;
  subscriptions: Set<string>;
  join(room: string): Promise<void> | void;
  leave(room: string): Promise<void> | void;
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

  /** Starting work needs the gateway's authorisation and idempotency handling, which live there. */
  startAnalysis(): never {
    throw new RealtimeException(
      'NOT_SUPPORTED',
      'START_ANALYSIS is not available over the socket: start analyses with POST /api/v1/analyze/security or the gRPC AnalyzeSecurity call, then SUBSCRIBE_ANALYSIS with the returned id',
    );
  }

  private async join(subscriber: Subscriber, room: string): Promise<void> {
    if (subscriber.subscriptions.has(room)) return;
    if (subscriber.subscriptions.size >= this.options.maxSubscriptionsPerSocket) {
      throw new RealtimeException(
        'TOO_MANY_SUBSCRIPTIONS',
        `a connection may hold at most ${this.options.maxSubscriptionsPerSocket} subscriptions: unsubscribe from some first`,
      );
    }
    subscriber.subscriptions.add(room);
    await subscriber.join(room);
  }

  private async leave(subscriber: Subscriber, room: string): Promise<void> {
    subscriber.subscriptions.delete(room);
    await subscriber.leave(room);
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data as z.infer<S>;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'} ${issue.message}`);
  throw new RealtimeException('INVALID_PAYLOAD', problems.join('; '));
}
