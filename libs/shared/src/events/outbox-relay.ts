import type { AnyDomainEvent } from '@so/contracts';
import type pg from 'pg';
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
  private sql?: RelayStatements;

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

  /**
   * One pass, in three round trips on one pooled connection: BEGIN with the locking read, the
   * UPDATE marking the rows published once Redis has them, COMMIT. Any failure rolls back, so the
   * rows stay unpublished and a later pass takes them again (consumers are idempotent on event id).
   */
  private async publishBatch(): Promise<number> {
    const sql = this.statements();
    // TypeORM's Postgres driver keeps its node-postgres pool in `master`.
    const client = await (this.dataSource.driver as unknown as { master: pg.Pool }).master.connect();
    let broken: Error | undefined;
    try {
      // Simple protocol, so BEGIN and the read share a round trip: the read has no parameters.
      const [, read] = (await client.query(`BEGIN; ${sql.lockUnpublished}`)) as unknown as [unknown, pg.QueryResult<OutboxRow>];
      const rows = read.rows;
      if (rows.length > 0) {
        await this.publisher.publish(rows.map((row) => row.payload));
        await client.query({ name: sql.markName, text: sql.markPublished, values: [rows.map((row) => row.id)] });
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A connection that could not roll back is closed instead of going back to the pool.
      client.release(broken);
    }
  }

  private statements(): RelayStatements {
    if (this.sql) return this.sql;
    const { schema, tableName } = this.dataSource.getMetadata(OutboxEventEntity);
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const table = schema ? `${escape(schema)}.${escape(tableName)}` : escape(tableName);
    this.sql = {
      lockUnpublished: `SELECT "id", "payload" FROM ${table} WHERE "published_at" IS NULL
         ORDER BY "seq" LIMIT ${Math.max(1, Math.floor(this.batchSize))} FOR UPDATE SKIP LOCKED`,
      markName: `outbox_relay_mark_${schema ?? 'public'}_${tableName}`,
      markPublished: `UPDATE ${table} SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`,
    };
    return this.sql;
  }
}

interface OutboxRow {
  id: string;
  payload: AnyDomainEvent;
}

interface RelayStatements {
  /** No parameters (the limit is this relay's own integer), so it can follow BEGIN in one simple query. */
  lockUnpublished: string;
  /** A prepared statement: one name per table, so one text per name. */
  markName: string;
  markPublished: string;
}
