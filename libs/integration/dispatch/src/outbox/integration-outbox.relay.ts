import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IntegrationRedis } from '@so/integration-events';
import { EventBusPublisher, OutboxRelay } from '@so/shared';
import { DataSource } from 'typeorm';

/** Publishes the integration service's own events (integration.status_changed) from integration.outbox_events. */
@Injectable()
export class IntegrationOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntegrationOutboxRelay.name);
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, redis: IntegrationRedis) {
    this.relay = new OutboxRelay(dataSource, new EventBusPublisher(redis.commands), (error) =>
      this.logger.error({ msg: 'outbox relay failed; will retry', err: error instanceof Error ? error.message : String(error) }),
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
