import { Logger } from '@nestjs/common';
import { closeRedisConnection } from '@so/shared';
import type { Redis } from 'ioredis';
import type { ApiKeyCache } from './api-key.cache.js';

/** Redis pub/sub channel on which replicas announce revoked key ids. */
export const API_KEY_REVOKED_CHANNEL = 'so:gateway:api-key-revoked';

/**
 * Makes a revocation effective at once on every gateway replica: the revoking replica drops the key
 * from its own cache and publishes the id; the others drop it when the message arrives. Pub/sub is
 * at-most-once, so a replica that misses the message still stops honouring the key when its cache
 * entry expires (the cache TTL is the upper bound).
 */
export class ApiKeyRevocationBus {
  private readonly logger = new Logger(ApiKeyRevocationBus.name);
  private subscriber?: Redis;

  constructor(
    private readonly cache: ApiKeyCache,
    /** Shared command connection used to publish. */
    private readonly publisher?: Redis,
  ) {}

  /** Listens for revocations on a dedicated connection (a subscribed connection cannot run commands). */
  async start(subscriber: Redis): Promise<void> {
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, keyId: string) => {
      if (channel === API_KEY_REVOKED_CHANNEL) this.cache.invalidateKey(keyId);
    });
    await subscriber.subscribe(API_KEY_REVOKED_CHANNEL);
  }

  async revoked(keyId: string): Promise<void> {
    this.cache.invalidateKey(keyId);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(API_KEY_REVOKED_CHANNEL, keyId);
    } catch (error) {
      this.logger.warn(
        { keyId, err: error instanceof Error ? error.message : String(error) },
        'could not broadcast revocation; other replicas drop the key when their cache expires',
      );
    }
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    await closeRedisConnection(subscriber);
  }
}
