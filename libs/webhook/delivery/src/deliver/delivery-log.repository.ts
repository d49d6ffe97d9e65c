import { Injectable } from '@nestjs/common';
import {
  WebhookAttemptEntity,
  WebhookEndpointEntity,
  WebhookMessageEntity,
  type WebhookAttemptStatus,
  type WebhookMessageStatus,
} from '@so/webhook-data-access';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { MicroBatcher } from '@so/shared';
import {
  LOAD_TARGETS_SQL,
  toDeliveryTarget,
  type DeliveryTarget,
  type DeliveryTargetRow,
} from './delivery-target.query.js';
import { queryPrepared } from './prepared-statement.js';
import { RECORD_SUCCESSES_SQL } from './record-successes.query.js';

export type { DeliveryTarget } from './delivery-target.query.js';

export interface AttemptRecord {
  message: WebhookMessageEntity;
  status: WebhookAttemptStatus;
  /** Message status after this attempt; `delivered` is never downgraded. */
  messageStatus: WebhookMessageStatus;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
}

/**
 * Reads and writes of the delivery path: the message, its endpoint and the attempt log. The two
 * hot-path round trips (load before the attempt, record after a success) are group-committed:
 * concurrent deliveries share one statement, and each resumes only once its own rows are read or written.
 */
@Injectable()
export class DeliveryLogRepository {
  private readonly targets = new MicroBatcher<string, DeliveryTarget | undefined>({
    run: (ids) => this.loadTargets(ids),
    maxBatchSize: 200,
    maxInFlight: 4,
  });
  private readonly successes = new MicroBatcher<AttemptRecord, number>({
    run: (records) => this.recordSuccesses(records),
    maxBatchSize: 200,
    maxInFlight: 4,
  });

  constructor(private readonly dataSource: DataSource) {}

  loadTarget(messageId: string): Promise<DeliveryTarget | undefined> {
    return this.targets.add(messageId);
  }

  /** A successful attempt: message summary, attempt row and the end of the endpoint's failure run, atomically. */
  recordSuccess(record: AttemptRecord): Promise<number> {
    return this.successes.add(record);
  }

  async isPending(messageId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM "webhook"."messages" WHERE "id" = $1 AND "status" = 'pending'`,
      [messageId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The head of an ordered endpoint's line: its oldest pending message. */
  async nextInLine(endpointId: string): Promise<{ id: string; replayCount: number } | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT "id", "replay_count" FROM "webhook"."messages"
        WHERE "endpoint_id" = $1 AND "status" = 'pending' ORDER BY "seq" LIMIT 1`,
      [endpointId],
    )) as Array<{ id: string; replay_count: number }>;
    const row = rows[0];
    return row ? { id: row.id, replayCount: row.replay_count } : undefined;
  }

  /** Ends a message that can no longer be delivered (its endpoint was disabled or deleted). */
  async abandon(messageId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookMessageEntity)
      .set({ status: 'failed' })
      .where("id = :id AND status = 'pending'", { id: messageId })
      .execute();
  }

  /** Appends an attempt and updates the message summary atomically; returns the attempt number. */
  async recordAttempt(manager: EntityManager, record: AttemptRecord): Promise<number> {
    const updated = await manager
      .createQueryBuilder()
      .update(WebhookMessageEntity)
      .set({
        attemptCount: () => 'attempt_count + 1',
        lastAttemptAt: () => 'now()',
        lastResponseStatus: record.responseStatus,
        status: () => "CASE WHEN status = 'delivered' THEN 'delivered' ELSE :messageStatus END",
        deliveredAt: () =>
          "CASE WHEN :messageStatus = 'delivered' AND delivered_at IS NULL THEN now() ELSE delivered_at END",
      })
      .setParameter('messageStatus', record.messageStatus)
      .where('id = :id', { id: record.message.id })
      .returning(['attempt_count'])
      .execute();
    const rows = updated.raw as Array<{ attempt_count: number }>;
    const attemptNumber = rows[0]?.attempt_count ?? record.message.attemptCount + 1;

    const attempt = new WebhookAttemptEntity();
    attempt.id = randomUUID();
    attempt.messageId = record.message.id;
    attempt.endpointId = record.message.endpointId;
    attempt.orgId = record.message.orgId;
    attempt.attemptNumber = attemptNumber;
    attempt.status = record.status;
    attempt.responseStatus = record.responseStatus;
    attempt.responseHeaders = record.responseHeaders;
    attempt.responseBody = record.responseBody;
    attempt.latencyMs = record.latencyMs;
    attempt.error = record.error;
    await manager.getRepository(WebhookAttemptEntity).insert(attempt);
    return attemptNumber;
  }

  private async loadTargets(ids: string[]): Promise<Array<DeliveryTarget | undefined>> {
    const rows = (await this.dataSource.query(LOAD_TARGETS_SQL, [ids])) as DeliveryTargetRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? toDeliveryTarget(row) : undefined;
    });
  }

  private async recordSuccesses(records: AttemptRecord[]): Promise<number[]> {
    const rows = await queryPrepared<{ message_id: string; attempt_number: number }>(
      this.dataSource,
      'webhook-record-successes-v1',
      RECORD_SUCCESSES_SQL,
      [
        records.map((record) => record.message.id),
        records.map((record) => record.responseStatus),
        records.map(() => randomUUID()),
        records.map((record) => (record.responseHeaders === null ? null : JSON.stringify(record.responseHeaders))),
        records.map((record) => record.responseBody),
        records.map((record) => record.latencyMs),
      ],
    );
    const numbers = new Map(rows.map((row) => [row.message_id, row.attempt_number]));
    return records.map((record) => numbers.get(record.message.id) ?? record.message.attemptCount + 1);
  }

  /** Returns false when the endpoint was already disabled or deleted (someone else got there first). */
  async disableEndpoint(manager: EntityManager, endpointId: string, reason: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(WebhookEndpointEntity)
      .set({ enabled: false, disabledAt: () => 'now()', disabledReason: reason })
      .where('id = :id AND enabled AND deleted_at IS NULL', { id: endpointId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Keeps the endpoint's failure run up to date after an attempt; returns the run after a failure.
   * A success only writes when there was a run to end, so the hot path does not lock the endpoint row.
   */
  async trackEndpointHealth(
    manager: EntityManager,
    endpointId: string,
    succeeded: boolean,
  ): Promise<FailureRun | undefined> {
    if (succeeded) {
      await manager.query(
        `UPDATE "webhook"."endpoints" SET "failing_since" = NULL, "consecutive_failures" = 0, "failure_warned_at" = NULL
          WHERE "id" = $1 AND ("failing_since" IS NOT NULL OR "consecutive_failures" > 0)`,
        [endpointId],
      );
      return undefined;
    }
    const result = (await manager.query(
      `UPDATE "webhook"."endpoints"
          SET "failing_since" = COALESCE("failing_since", now()), "consecutive_failures" = "consecutive_failures" + 1
        WHERE "id" = $1
        RETURNING "failing_since", "consecutive_failures", "failure_warned_at", now() - "failing_since" AS "age"`,
      [endpointId],
    )) as [Array<{ failing_since: Date; consecutive_failures: number; failure_warned_at: Date | null }>, number];
    const row = result[0][0];
    if (!row) return undefined;
    return {
      failingSince: row.failing_since,
      consecutiveFailures: row.consecutive_failures,
      warned: row.failure_warned_at !== null,
    };
  }

  /** Marks the current failure run as warned about; false when someone else already did. */
  async markFailureWarned(manager: EntityManager, endpointId: string): Promise<boolean> {
    const result = (await manager.query(
      `UPDATE "webhook"."endpoints" SET "failure_warned_at" = now() WHERE "id" = $1 AND "failure_warned_at" IS NULL`,
      [endpointId],
    )) as [unknown[], number];
    return result[1] > 0;
  }
}

export interface FailureRun {
  failingSince: Date;
  consecutiveFailures: number;
  warned: boolean;
}
