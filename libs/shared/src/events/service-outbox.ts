import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { EventBusPublisher } from './event-bus.publisher.js';
import { OutboxPruner, type OutboxPruningOptions } from './outbox-pruner.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * A service's outbox in its Nest application: the relay that publishes it to the event stream and
 * the pruner that deletes what was published long enough ago. Provide it in the module whose
 * providers write outbox rows; they inject it and call `wake()` after each commit.
 *
 * Both stop in `beforeApplicationShutdown`. Nest runs that hook for a module's providers in
 * dependency order, dependents first, so the workers that write events (and inject this) have
 * stopped when the relay makes its last pass; the Redis connection and the DataSource close later,
 * in `onApplicationShutdown`.
 */
export class ServiceOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ServiceOutbox.name);
  private readonly relay: OutboxRelay;
  private readonly pruner: OutboxPruner;

  constructor(dataSource: DataSource, redis: Redis, pruning: OutboxPruningOptions) {
    this.relay = new OutboxRelay(dataSource, new EventBusPublisher(redis), (error) =>
      this.logger.error({ msg: 'outbox relay failed; will retry', err: describe(error) }),
    );
    this.pruner = new OutboxPruner(
      dataSource,
      pruning,
      (error) => this.logger.warn({ msg: 'outbox pruning failed; the next pass retries', err: describe(error) }),
      (deleted) => this.logger.log({ msg: 'outbox pruned', deleted, retentionMs: pruning.retentionMs }),
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.pruner.start();
  }

  /** Call after committing outbox rows so they leave at once instead of at the next poll. */
  wake(): void {
    this.relay.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pruner.stop();
    // One more pass for events the stopped workers committed last.
    this.relay.wake();
    await this.relay.stop();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
