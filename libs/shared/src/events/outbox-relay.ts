import type { AnyDomainEvent } from '@so/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBusPublisher } from './event-bus.publisher.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** Writes events into the outbox inside the caller's transaction. */
export async function enqueueOutboxEvents(manager: EntityManager, events: AnyDomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => {
    const row = new OutboxEventEntity();
    row.id = event.id;
    row.type = event.type;
    row.payload = event;
    row.publishedAt = null;
    return row;
  });
  await manager.createQueryBuilder().insert().into(OutboxEventEntity).values(rows).execute();
}

/**
 * Moves outbox rows to the event bus. Writers call `wake()` after commit so events go out at once;
 * the poll timer covers crashes and Redis outages. Rows are locked with SKIP LOCKED so several
 * replicas can relay in parallel without publishing a row twice in the common case.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventBusPublisher,
    private readonly onError: (error: unknown) => void,
    private readonly pollMs = 1000,
    private readonly batchSize = 200,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }

  /** Schedules a drain; concurrent wakes coalesce into one extra pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Publishes until the outbox is empty. */
  async drain(): Promise<void> {
    while (!this.stopped) {
      const published = await this.publishBatch();
      if (published < this.batchSize) return;
    }
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEventEntity, 'o')
        .where('o.published_at IS NULL')
        .orderBy('o.seq', 'ASC')
        .limit(this.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      await this.publisher.publish(rows.map((row) => row.payload));
      await manager
        .createQueryBuilder()
        .update(OutboxEventEntity)
        .set({ publishedAt: () => 'now()' })
        .whereInIds(rows.map((row) => row.id))
        .execute();
      return rows.length;
    });
  }
}
