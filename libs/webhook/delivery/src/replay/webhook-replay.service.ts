import { Injectable, Logger } from '@nestjs/common';
import { correlationIdOrNew, type CallerIdentity } from '@so/shared';
import { WebhookException } from '@so/webhook-common';
import { DataSource } from 'typeorm';
import { requireDeliverableEndpoint } from '../endpoint/deliverable-endpoint.js';
import { MessageQueryService } from '../query/message-query.service.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { WebhookDeliveryQueue, type MessageToDeliver } from '../queue/webhook-delivery.queue.js';
import { validateMessageId, validateOptionalEndpointId, validateSince } from './replay-input.validator.js';

/** One recovery or redrive touches at most this many messages; call again for the rest. */
export const MAX_REPLAY_BATCH = 10_000;

interface ReplayedRow {
  id: string;
  endpoint_id: string;
  replay_count: number;
}

/**
 * Replay use cases: resend one message, recover an endpoint's failed messages since a time, redrive
 * the dead letters. A replayed message goes back to `pending` with a fresh retry budget under a new
 * job id (`<id>-r<n>`); its webhook-id stays the same so receivers still deduplicate.
 */
@Injectable()
export class WebhookReplayService {
  private readonly logger = new Logger(WebhookReplayService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: WebhookDeliveryQueue,
    private readonly messages: MessageQueryService,
  ) {}

  async resend(identity: CallerIdentity, rawMessageId: string): Promise<WebhookDeliveryView> {
    const messageId = validateMessageId(rawMessageId);
    const current = await this.messages.byId(identity.orgId, messageId);
    if (!current) throw new WebhookException('NOT_FOUND', 'WEBHOOK.MESSAGE_NOT_FOUND', `message ${messageId} not found`);
    // Two jobs of one pending message could both deliver it: let the running retry loop finish first.
    if (current.status === 'pending') {
      throw new WebhookException(
        'FAILED_PRECONDITION',
        'WEBHOOK.MESSAGE_PENDING',
        `message ${messageId} is still being delivered; resend it once it is delivered or failed`,
      );
    }
    const rows = await this.reopen(identity.orgId, `m."id" = $2`, [messageId]);
    if (rows.length === 0) await this.explainRefusal(identity.orgId, current.endpointId);
    await this.enqueue(rows);
    this.logger.log({ msg: 'webhook message resent', messageId, orgId: identity.orgId });
    return (await this.messages.byId(identity.orgId, messageId)) ?? current;
  }

  /** Failed messages of one endpoint created since `since` go out again. */
  async recover(identity: CallerIdentity, rawEndpointId: string, rawSince: string): Promise<number> {
    const endpointId = validateOptionalEndpointId(rawEndpointId, 'endpointId');
    if (endpointId === null) {
      throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT_ID', 'the endpoint id is required', [
        { field: 'endpointId', description: 'is required' },
      ]);
    }
    const since = validateSince(rawSince);
    await this.explainRefusal(identity.orgId, endpointId);
    const rows = await this.reopen(
      identity.orgId,
      `m."endpoint_id" = $2::uuid AND m."status" = 'failed' AND m."created_at" >= $3`,
      [endpointId, since],
    );
    await this.enqueue(rows);
    this.logger.log({ msg: 'webhook messages recovered', endpointId, since, count: rows.length });
    return rows.length;
  }

  /** Every dead letter (of one endpoint, or of the org) whose endpoint is enabled goes out again. */
  async redrive(identity: CallerIdentity, rawEndpointId?: string | null): Promise<number> {
    const endpointId = validateOptionalEndpointId(rawEndpointId);
    if (endpointId !== null) await this.explainRefusal(identity.orgId, endpointId);
    const rows = await this.reopen(
      identity.orgId,
      `m."status" = 'failed' AND ($2::uuid IS NULL OR m."endpoint_id" = $2::uuid)`,
      [endpointId],
    );
    await this.enqueue(rows);
    this.logger.log({ msg: 'webhook dead letters redriven', endpointId, count: rows.length });
    return rows.length;
  }

  /**
   * Back to pending, in one statement so a concurrent replay of the same message cannot double it.
   * The claim of a first attempt sent at fan-out is cleared: the replay job owns the message now, and
   * the claim sweeper must not queue it a second time.
   */
  private async reopen(orgId: string, condition: string, parameters: unknown[]): Promise<ReplayedRow[]> {
    const result = (await this.dataSource.query(
      `UPDATE "webhook"."messages" AS target
          SET "status" = 'pending', "replay_count" = target."replay_count" + 1, "claimed_at" = NULL
         FROM (SELECT m."id" FROM "webhook"."messages" m
                 JOIN "webhook"."endpoints" e ON e."id" = m."endpoint_id"
                WHERE m."org_id" = $1 AND m."status" <> 'pending' AND e."enabled" AND e."deleted_at" IS NULL
                  AND ${condition}
                ORDER BY m."created_at" LIMIT ${MAX_REPLAY_BATCH}
                FOR UPDATE OF m SKIP LOCKED) AS chosen
        WHERE target."id" = chosen."id"
        RETURNING target."id", target."endpoint_id", target."replay_count"`,
      [orgId, ...parameters],
    )) as [ReplayedRow[], number];
    return result[0];
  }

  private async enqueue(rows: readonly ReplayedRow[]): Promise<void> {
    const jobs: MessageToDeliver[] = rows.map((row) => ({
      messageId: row.id,
      endpointId: row.endpoint_id,
      jobId: `${row.id}-r${row.replay_count}`,
    }));
    await this.queue.enqueue(jobs, correlationIdOrNew());
  }

  /** A replay to a missing, deleted or disabled endpoint is refused with the reason. */
  private async explainRefusal(orgId: string, endpointId: string): Promise<void> {
    await requireDeliverableEndpoint(this.dataSource, orgId, endpointId, 'before replaying');
  }
}
