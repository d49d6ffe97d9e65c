import type { DataSource } from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity.js';

export interface OutboxPruningOptions {
  /** Published rows older than this (by `published_at`) are deleted. */
  retentionMs: number;
  /** Time between two pruning passes. */
  intervalMs: number;
}

export interface OutboxPrunerLimits {
  /** Rows deleted per statement: one statement never holds many row locks or builds a large transaction. */
  batchSize: number;
  /** Statements per pass; whatever is left waits for the next pass, so one pass cannot run for long. */
  maxBatchesPerPass: number;
}

const DEFAULT_LIMITS: OutboxPrunerLimits = { batchSize: 1_000, maxBatchesPerPass: 100 };

/**
 * Deletes published outbox rows once they are older than the retention, so the outbox holds the
 * events still to publish plus a recent tail for diagnosis instead of growing forever. Nothing reads
 * a published row again: event replay and SSE `Last-Event-ID` resume from the Redis stream.
 *
 * Unpublished rows are never deleted (`published_at IS NOT NULL` in the statement itself). Rows are
 * picked with `FOR UPDATE SKIP LOCKED`, so replicas pruning at the same time split the work instead
 * of waiting on each other, and the relay is never blocked. There is no index on `published_at`
 * (the publish path would pay for it on every event): a pass reads the table in physical order,
 * where the oldest rows come first, and stops after `batchSize` matches.
 */
export class OutboxPruner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;
  private readonly limits: OutboxPrunerLimits;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: OutboxPruningOptions,
    private readonly onError: (error: unknown) => void,
    private readonly onPruned: (deleted: number) => void = () => undefined,
    limits: Partial<OutboxPrunerLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Schedules passes every `intervalMs` (±10 %, so replicas started together drift apart); the first comes soon after start. */
  start(): void {
    this.stopping = false;
    this.schedule(Math.min(this.options.intervalMs, 30_000));
  }

  /** Stops scheduling and waits for a running pass, which ends after its current statement. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: deletes expired published rows in batches; answers how many went. */
  async prune(): Promise<number> {
    const { schema, tableName } = this.dataSource.getMetadata(OutboxEventEntity);
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const table = schema ? `${escape(schema)}.${escape(tableName)}` : escape(tableName);
    const statement = `DELETE FROM ${table} WHERE "id" IN (
        SELECT "id" FROM ${table}
         WHERE "published_at" IS NOT NULL
           AND "published_at" < now() - make_interval(secs => $1::double precision / 1000)
         LIMIT $2
           FOR UPDATE SKIP LOCKED)`;
    let deleted = 0;
    for (let batch = 0; batch < this.limits.maxBatchesPerPass; batch++) {
      const [, count] = (await this.dataSource.query(statement, [this.options.retentionMs, this.limits.batchSize])) as [unknown[], number];
      deleted += count;
      if (count < this.limits.batchSize || this.stopping) break;
    }
    return deleted;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    const jittered = delayMs * (0.9 + Math.random() * 0.2);
    this.timer = setTimeout(() => {
      this.running = this.prune()
        .then((deleted) => {
          if (deleted > 0) this.onPruned(deleted);
        })
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, jittered);
    this.timer.unref();
  }
}
