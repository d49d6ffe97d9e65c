import { Injectable } from '@nestjs/common';
import { parsePayload } from './realtime-payload.js';
import { preferencesUpdateSchema, type RealtimePreferences } from './realtime-preferences.js';
import { RealtimePreferencesStore } from './realtime-preferences.store.js';
import { RealtimeSubscriptionService, type Subscriber } from './realtime-subscription.service.js';

/**
 * SET_PREFERENCES: stores the owner's new preferences (every later connection of theirs starts with
 * them) and applies them to this connection's followed analyses and projects at once. The owner's
 * other open connections follow through RealtimeClientGateway (this instance's before the ack,
 * other instances' through a server-side message).
 */
@Injectable()
export class UpdatePreferencesUseCase {
  constructor(
    private readonly store: RealtimePreferencesStore,
    private readonly subscriptions: RealtimeSubscriptionService,
  ) {}

  async execute(subscriber: Subscriber, payload: unknown): Promise<RealtimePreferences> {
    const update = parsePayload(preferencesUpdateSchema, payload);
    const preferences: RealtimePreferences = { ...subscriber.preferences, ...update };
    await this.store.set(subscriber.identity, preferences);
    subscriber.preferences = preferences;
    await this.subscriptions.applyPreferences(subscriber);
    return preferences;
  }
}
