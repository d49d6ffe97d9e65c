import { Injectable, Logger } from '@nestjs/common';
import { isEventType, type AnyDomainEvent } from '@so/contracts';
import { correlationIdOrNew } from '@so/shared';
import { eventTypePatternsFor } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import { WebhookDeliveryQueue, type MessageToDeliver } from '../queue/webhook-delivery.queue.js';

/**
 * Turns one domain event into one message per subscribed endpoint and queues their delivery.
 * Idempotent on the event id: messages are unique per (event, endpoint), and every still-pending
 * message of the event is (re-)enqueued under its own id, so a redelivered event — or a crash
 * between insert and enqueue — neither duplicates nor loses a delivery.
 */
@Injectable()
export class EventFanOutService {
  private readonly logger = new Logger(EventFanOutService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: WebhookDeliveryQueue,
  ) {}

  async handle(event: AnyDomainEvent): Promise<number> {
    if (!isWellFormed(event)) {
      this.logger.warn({ msg: 'malformed or unknown event ignored', eventId: (event as { id?: unknown }).id });
      return 0;
    }
    // One round trip: the new messages, plus any still-pending ones from an earlier consumption of the
    // same event (the SELECT sees the snapshot from before the INSERT, so the two never overlap).
    const pending = (await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO "webhook"."messages" ("id", "org_id", "endpoint_id", "event_id", "event_type", "project_id", "payload")
         SELECT 'msg_' || gen_random_uuid(), e."org_id", e."id", $2, $3, $4, $5::jsonb
           FROM "webhook"."endpoints" e
          WHERE e."org_id" = $1
            AND e."enabled" AND e."deleted_at" IS NULL
            AND e."event_types" && $6::text[]
            AND (e."project_id" IS NULL OR e."project_id" = $4)
            AND (e."filter" IS NULL OR $5::jsonb @> e."filter")
         ON CONFLICT ("event_id", "endpoint_id") DO NOTHING
         RETURNING "id", "endpoint_id")
       SELECT "id" AS "messageId", "endpoint_id" AS "endpointId" FROM inserted
       UNION ALL
       SELECT "id", "endpoint_id" FROM "webhook"."messages"
        WHERE "event_id" = $2 AND "org_id" = $1 AND "status" = 'pending'`,
      [
        event.orgId,
        event.id,
        event.type,
        event.projectId || null,
        JSON.stringify(event),
        eventTypePatternsFor(event.type),
      ],
    )) as MessageToDeliver[];
    await this.queue.enqueue(pending, event.correlationId || correlationIdOrNew());
    if (pending.length > 0) {
      this.logger.debug({
        msg: 'event fanned out to webhook endpoints',
        eventId: event.id,
        type: event.type,
        messages: pending.length,
      });
    }
    return pending.length;
  }
}

/** Events come from other services over Redis: check the fields the fan-out relies on. */
function isWellFormed(event: AnyDomainEvent): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    event.id.length <= 200 &&
    typeof event.type === 'string' &&
    isEventType(event.type) &&
    typeof event.orgId === 'string' &&
    event.orgId.length > 0 &&
    (event.projectId === undefined || event.projectId === null || typeof event.projectId === 'string')
  );
}
