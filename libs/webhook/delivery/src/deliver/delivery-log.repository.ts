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
    const message = await this.dataSource.getRepository(WebhookMessageEntity).findOneBy({ id: messageId });
    if (!message) return undefined;
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpointEntity)
      .findOneBy({ id: message.endpointId, orgId: message.orgId });
    return endpoint ? { message, endpoint } : undefined;
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
}
