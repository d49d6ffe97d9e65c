import { Injectable, Logger } from '@nestjs/common';
import { correlationIdOrNew, type CallerIdentity } from '@so/shared';
import { WebhookException } from '@so/webhook-common';
import { DataSource } from 'typeorm';
import { MessageClaims } from '../direct/message-claims.js';
import { requireDeliverableEndpoint, type DeliverableEndpoint } from '../endpoint/deliverable-endpoint.js';
import { MessageQueryService } from '../query/message-query.service.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { WebhookDeliveryQueue } from '../queue/webhook-delivery.queue.js';
import { validateEndpointIdRequired } from '../replay/replay-input.validator.js';
import { buildTestEvent, defaultTestEventType } from './test-event.js';
import { validateTestEventType } from './test-event-input.validator.js';

/**
 * "Send a test event" for one endpoint: the catalogue's example of a type becomes a message of that
 * endpoint only, delivered by the ordinary delivery path (queue job, endpoint throttle and order,
 * Standard Webhooks signature with the endpoint's secrets, retries, attempt log). So it shows in the
 * endpoint's history like any delivery, told apart by its event id (see TEST_EVENT_ID_PREFIX).
 *
 * The type need not be one the endpoint subscribes to: the partner asked for it explicitly. A
 * disabled endpoint is refused (409), as a replay to it is: nothing is delivered to a disabled
 * endpoint, and a test that could never be attempted would only sit in the history as pending.
 */
@Injectable()
export class SendTestEventService {
  private readonly logger = new Logger(SendTestEventService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: WebhookDeliveryQueue,
    private readonly claims: MessageClaims,
    private readonly messages: MessageQueryService,
  ) {}

  async send(
    identity: CallerIdentity,
    rawEndpointId: string,
    rawEventType?: string | null,
  ): Promise<WebhookDeliveryView> {
    const endpointId = validateEndpointIdRequired(rawEndpointId);
    const requestedType = validateTestEventType(rawEventType);
    const endpoint = await this.deliverableEndpoint(identity.orgId, endpointId);
    const type = requestedType ?? defaultTestEventType(endpoint.event_types);
    const correlationId = correlationIdOrNew();
    const event = buildTestEvent(type, identity.orgId, endpoint.project_id, correlationId);
    const messageId = await this.insertMessage(identity.orgId, endpointId, event);
    if (messageId === undefined) {
      // Disabled or deleted between the look-up and the insert.
      await this.deliverableEndpoint(identity.orgId, endpointId);
      throw new WebhookException('UNAVAILABLE', 'WEBHOOK.ENDPOINT_CHANGED', 'the endpoint changed; try again');
    }
    // Inserted claimed, so that should the hand-over below not happen, the claim sweeper queues it.
    await this.queue.enqueue([{ messageId, endpointId, delayMs: 0 }], correlationId);
    await this.claims.release([messageId]);
    this.logger.log({
      msg: 'webhook test event queued',
      messageId,
      endpointId,
      eventType: type,
      orgId: identity.orgId,
    });
    const view = await this.messages.byId(identity.orgId, messageId);
    if (!view) throw new WebhookException('NOT_FOUND', 'WEBHOOK.MESSAGE_NOT_FOUND', `message ${messageId} not found`);
    return view;
  }

  private deliverableEndpoint(orgId: string, endpointId: string): Promise<DeliverableEndpoint> {
    return requireDeliverableEndpoint(this.dataSource, orgId, endpointId, 'before sending a test event');
  }

  /** One message for this endpoint only, written only while the endpoint is still enabled. */
  private async insertMessage(
    orgId: string,
    endpointId: string,
    event: ReturnType<typeof buildTestEvent>,
  ): Promise<string | undefined> {
    const rows = (await this.dataSource.query(
      `INSERT INTO "webhook"."messages"
              ("id", "org_id", "endpoint_id", "event_id", "event_type", "project_id", "payload", "claimed_at")
       SELECT 'msg_' || gen_random_uuid(), e."org_id", e."id", $3, $4, NULLIF($5, ''), $6::jsonb, now()
         FROM "webhook"."endpoints" e
        WHERE e."org_id" = $1 AND e."id" = $2 AND e."enabled" AND e."deleted_at" IS NULL
       RETURNING "id"`,
      [orgId, endpointId, event.id, event.type, event.projectId, JSON.stringify(event)],
    )) as Array<{ id: string }>;
    return rows[0]?.id;
  }
}
