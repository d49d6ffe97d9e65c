import { Injectable, Logger } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { DEFAULT_PREFERENCES, readPreferences, type RealtimePreferences } from './realtime-preferences.js';
import { RealtimeRedis } from './realtime-redis.js';

const key = (identity: CallerIdentity): string => `so:notification:preferences:${identity.orgId}:${identity.principalId}`;

/**
 * Preferences per principal, in Redis: a few bytes per person read once per connection, in the
 * store the service already depends on (kept durable there for the job bus: append-only file,
 * no eviction). Every instance reads the same value.
 */
@Injectable()
export class RealtimePreferencesStore {
  private readonly logger = new Logger(RealtimePreferencesStore.name);

  constructor(private readonly redis: RealtimeRedis) {}

  /**
   * The stored preferences; the defaults when none are stored or Redis does not answer within
   * `timeoutMs` (a connection waits for this: pushing everything beats hanging).
   */
  async get(identity: CallerIdentity, timeoutMs = 1_000): Promise<RealtimePreferences> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const stored = await Promise.race([this.redis.pub.get(key(identity)), timedOut]);
      return stored === null ? DEFAULT_PREFERENCES : readPreferences(JSON.parse(stored));
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'preferences unreadable; using the defaults');
      return DEFAULT_PREFERENCES;
    } finally {
      clearTimeout(timer);
    }
  }

  async set(identity: CallerIdentity, preferences: RealtimePreferences): Promise<void> {
    await this.redis.pub.set(key(identity), JSON.stringify(preferences));
  }
}
