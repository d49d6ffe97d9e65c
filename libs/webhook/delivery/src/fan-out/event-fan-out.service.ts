import { Injectable, Logger } from '@nestjs/common';
import { isEventType, type AnyDomainEvent } from '@so/contracts';
import { correlationIdOrNew, MicroBatcher } from '@so/shared';
import { eventTypePatternsFor } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import { WebhookDeliveryQueue, type MessageToDeliver } from '../queue/webhook-delivery.queue.js';

interface FannedOutRow {
  messageId: string;
  endpointId: string;
  eventId: string;
}

/**
 * Every subscribed endpoint of each event gets a message (numbered by `seq` in event order), and
 * every still-pending message of those events comes back, to be (re-)enqueued. One statement for a
 * whole batch of events: the SELECT sees the snapshot from before the INSERT, so the two never overlap.
 */
const FAN_OUT_SQL = `
  WITH ev AS (
    SELECT e."ord", e."id", e."type", e."org_id", e."project_id", e."payload"::jsonb AS "payload",
           string_to_array(e."patterns", ' ') AS "patterns"
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS e("id", "type", "org_id", "project_id", "payload", "patterns", "ord")),
  inserted AS (
    INSERT INTO "webhook"."messages" ("id", "org_id", "endpoint_id", "event_id", "event_type", "project_id", "payload")
    SELECT 'msg_' || gen_random_uuid(), ev."org_id", en."id", ev."id", ev."type", ev."project_id", ev."payload"
      FROM ev
      JOIN "webhook"."endpoints" en
        ON en."org_id" = ev."org_id"
       AND en."enabled" AND en."deleted_at" IS NULL
       AND en."event_types" && ev."patterns"
       AND (en."project_id" IS NULL OR en."project_id" = ev."project_id")
       AND (en."filter" IS NULL OR ev."payload" @> en."filter")
     ORDER BY ev."ord", en."id"
    ON CONFLICT ("event_id", "endpoint_id") DO NOTHING
    RETURNING "id", "endpoint_id", "event_id")
  SELECT "id" AS "messageId", "endpoint_id" AS "endpointId", "event_id" AS "eventId" FROM inserted
  UNION ALL
  SELECT m."id", m."endpoint_id", m."event_id"
    FROM "webhook"."messages" m JOIN ev ON m."event_id" = ev."id" AND m."org_id" = ev."org_id"
   WHERE m."status" = 'pending'`;

/**
 * Turns domain events into one message per subscribed endpoint and queues their delivery.
 * Idempotent on the event id: messages are unique per (event, endpoint), and every still-pending
 * message of the event is (re-)enqueued under its own id, so a redelivered event — or a crash
 * between insert and enqueue — neither duplicates nor loses a delivery.
 *
 * Events handled at the same time (the consumer hands over a whole stream read at once) share one
 * INSERT and one queue write; each caller still resumes only after its own messages are committed
 * and queued.
 */
@Injectable()
export class EventFanOutService {
  private readonly logger = new Logger(EventFanOutService.name);
  private readonly batcher = new MicroBatcher<AnyDomainEvent, number>({
    run: (events) => this.fanOut(events),
    maxBatchSize: 200,
    // One statement at a time: messages.seq then follows event order across batches too (an
    // ordered endpoint relies on it), and a later batch cannot commit before an earlier one.
    maxInFlight: 1,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: WebhookDeliveryQueue,
  ) {}

  /** Resolves with the number of messages (new or still pending) queued for the event. */
  async handle(event: AnyDomainEvent): Promise<number> {
    if (!isWellFormed(event)) {
      this.logger.warn({ msg: 'malformed or unknown event ignored', eventId: (event as { id?: unknown }).id });
      return 0;
    }
    return this.batcher.add(event);
  }

  private async fanOut(events: AnyDomainEvent[]): Promise<number[]> {
    const rows = (await this.dataSource.query(FAN_OUT_SQL, [
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => event.orgId),
      events.map((event) => event.projectId || null),
      events.map((event) => JSON.stringify(event)),
      events.map((event) => eventTypePatternsFor(event.type).join(' ')),
    ])) as FannedOutRow[];

    const correlationByEvent = new Map(events.map((event) => [event.id, event.correlationId || correlationIdOrNew()]));
    const perEvent = new Map<string, number>();
    const messages: MessageToDeliver[] = rows.map((row) => {
      perEvent.set(row.eventId, (perEvent.get(row.eventId) ?? 0) + 1);
      return {
        messageId: row.messageId,
        endpointId: row.endpointId,
        correlationId: correlationByEvent.get(row.eventId),
      };
    });
    await this.queue.enqueue(messages, correlationIdOrNew());
    if (rows.length > 0) {
      this.logger.debug({
        msg: 'events fanned out to webhook endpoints',
        events: events.length,
        messages: rows.length,
      });
    }
    return events.map((event) => perEvent.get(event.id) ?? 0);
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
