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

export interface DeliveryTarget {
  message: WebhookMessageEntity;
  endpoint: WebhookEndpointEntity;
}

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

/** Reads and writes of the delivery path: the message, its endpoint and the attempt log. */
@Injectable()
export class DeliveryLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadTarget(messageId: string): Promise<DeliveryTarget | undefined> {
    // One round trip on the hot path: the message with its endpoint (same org).
    const message = await this.dataSource
      .getRepository(WebhookMessageEntity)
      .createQueryBuilder('message')
      .innerJoinAndMapOne(
        'message.endpoint',
        WebhookEndpointEntity,
        'endpoint',
        'endpoint.id = message.endpoint_id AND endpoint.org_id = message.org_id',
      )
      .where('message.id = :messageId', { messageId })
      .getOne();
    const endpoint = (message as (WebhookMessageEntity & { endpoint?: WebhookEndpointEntity }) | null)?.endpoint;
    if (!message || !endpoint) return undefined;
    delete (message as { endpoint?: unknown }).endpoint;
    return { message, endpoint };
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

  /**
   * The hot path of a successful attempt in one statement (atomic on its own): message summary,
   * attempt row, and the end of the endpoint's failure run if there was one. Returns the attempt number.
   */
  async recordSuccess(record: AttemptRecord): Promise<number> {
    const rows = (await this.dataSource.query(
      `WITH m AS (
         UPDATE "webhook"."messages"
            SET "attempt_count" = "attempt_count" + 1, "last_attempt_at" = now(), "last_response_status" = $2,
                "status" = 'delivered', "delivered_at" = COALESCE("delivered_at", now())
          WHERE "id" = $1
          RETURNING "id", "endpoint_id", "org_id", "attempt_count"),
       a AS (
         INSERT INTO "webhook"."attempts" ("id", "message_id", "endpoint_id", "org_id", "attempt_number", "status",
                                           "response_status", "response_headers", "response_body", "latency_ms", "error")
         SELECT $3, m."id", m."endpoint_id", m."org_id", m."attempt_count", 'succeeded', $2, $4::jsonb, $5, $6, NULL FROM m
         RETURNING "attempt_number"),
       h AS (
         UPDATE "webhook"."endpoints" SET "failing_since" = NULL, "consecutive_failures" = 0, "failure_warned_at" = NULL
          WHERE "id" = $7 AND ("failing_since" IS NOT NULL OR "consecutive_failures" > 0))
       SELECT "attempt_number" FROM a`,
      [
        record.message.id,
        record.responseStatus,
        randomUUID(),
        record.responseHeaders === null ? null : JSON.stringify(record.responseHeaders),
        record.responseBody,
        record.latencyMs,
        record.message.endpointId,
      ],
    )) as Array<{ attempt_number: number }>;
    return rows[0]?.attempt_number ?? record.message.attemptCount + 1;
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
  async trackEndpointHealth(manager: EntityManager, endpointId: string, succeeded: boolean): Promise<FailureRun | undefined> {
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
