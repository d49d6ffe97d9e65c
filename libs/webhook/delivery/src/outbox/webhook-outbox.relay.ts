import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventBusPublisher, OutboxRelay } from '@so/shared';
import { WEBHOOK_REDIS } from '@so/webhook-common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

/** Publishes the webhook service's own events (webhook.endpoint_disabled) from webhook.outbox_events. */
@Injectable()
export class WebhookOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookOutboxRelay.name);
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(WEBHOOK_REDIS) redis: Redis) {
    this.relay = new OutboxRelay(dataSource, new EventBusPublisher(redis), (error) =>
      this.logger.error({
        msg: 'outbox relay failed; will retry',
        err: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Call after committing outbox rows so they leave at once instead of at the next poll. */
  wake(): void {
    this.relay.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
