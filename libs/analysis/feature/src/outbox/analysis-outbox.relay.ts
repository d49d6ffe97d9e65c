import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventBusPublisher, OutboxRelay } from '@so/shared';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ANALYSIS_REDIS } from '../analysis-feature.options.js';

/**
 * Publishes the service's outbox to the domain event stream. Writers call `wake()` after each
 * commit so events leave at once; the relay's poll covers crashes and Redis outages.
 */
@Injectable()
export class AnalysisOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AnalysisOutboxRelay.name);
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(ANALYSIS_REDIS) redis: Redis) {
    this.relay = new OutboxRelay(dataSource, new EventBusPublisher(redis), (error) =>
      this.logger.warn(`outbox relay: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Runs after the worker stopped (onModuleDestroy), so its last events get one more pass. */
  async beforeApplicationShutdown(): Promise<void> {
    this.relay.wake();
    await this.relay.stop();
  }

  wake(): void {
    this.relay.wake();
  }
}
