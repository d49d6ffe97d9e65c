import { Inject, Injectable, Logger } from '@nestjs/common';
import { createDomainEvent } from '@so/contracts';
import { correlationIdOrNew, enqueueOutboxEvents, ServiceOutbox } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { DataSource } from 'typeorm';

/** Rows deleted per statement, so one run never holds long locks or builds a huge transaction. */
const BATCH = 5_000;
/** Bound on one run; the next run continues. */
const MAX_BATCHES = 100;

export interface CleanupReport {
  messagesDeleted: number;
  inboundEventsDeleted: number;
  endpointsDisabled: number;
}

interface DisabledRow {
  id: string;
  org_id: string;
  project_id: string | null;
  url: string;
  failing_since: Date;
}

/**
 * Enforces payload retention (finished messages, with their attempt log, and inbound events older
 * than the retention period are deleted) and disables endpoints that kept failing past the allowed
 * period even when no new attempt arrived to notice it.
 */
@Injectable()
export class WebhookCleanupService {
  private readonly logger = new Logger(WebhookCleanupService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: ServiceOutbox,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async run(): Promise<CleanupReport> {
    const cutoff = new Date(Date.now() - this.options.retentionMs);
    // Pending messages are still being retried: they are never deleted under a partner's feet.
    const messagesDeleted = await this.deleteInBatches(
      `DELETE FROM "webhook"."messages" WHERE "id" IN (
         SELECT "id" FROM "webhook"."messages" WHERE "status" <> 'pending' AND "created_at" < $1 LIMIT ${BATCH})`,
      cutoff,
    );
    const inboundEventsDeleted = await this.deleteInBatches(
      `DELETE FROM "webhook"."inbound_events" WHERE "id" IN (
         SELECT "id" FROM "webhook"."inbound_events" WHERE "received_at" < $1 LIMIT ${BATCH})`,
      cutoff,
    );
    const endpointsDisabled = await this.disableLongFailing();
    const report = { messagesDeleted, inboundEventsDeleted, endpointsDisabled };
    if (messagesDeleted + inboundEventsDeleted + endpointsDisabled > 0) {
      this.logger.log({ msg: 'webhook cleanup', ...report, cutoff: cutoff.toISOString() });
    }
    return report;
  }

  private async deleteInBatches(statement: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const result = (await this.dataSource.query(statement, [cutoff])) as [unknown[], number];
      total += result[1];
      if (result[1] < BATCH) break;
    }
    return total;
  }

  private async disableLongFailing(): Promise<number> {
    const since = new Date(Date.now() - this.options.disableAfterFailingMs);
    const rows = await this.dataSource.transaction(async (manager) => {
      const result = (await manager.query(
        `UPDATE "webhook"."endpoints"
            SET "enabled" = false, "disabled_at" = now(),
                "disabled_reason" = 'failing continuously since ' || to_char("failing_since" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          WHERE "enabled" AND "deleted_at" IS NULL AND "failing_since" IS NOT NULL AND "failing_since" <= $1
          RETURNING "id", "org_id", "project_id", "url", "failing_since"`,
        [since],
      )) as [DisabledRow[], number];
      const disabled = result[0];
      if (disabled.length > 0) {
        await enqueueOutboxEvents(
          manager,
          disabled.map((row) =>
            createDomainEvent({
              type: 'webhook.endpoint_disabled',
              orgId: row.org_id,
              projectId: row.project_id ?? '',
              correlationId: correlationIdOrNew(),
              data: {
                endpointId: row.id,
                url: row.url,
                reason: `failing continuously since ${row.failing_since.toISOString()}`,
              },
            }),
          ),
        );
      }
      return disabled;
    });
    if (rows.length > 0) {
      this.outbox.wake();
      for (const row of rows) {
        this.logger.warn({ msg: 'webhook endpoint disabled', endpointId: row.id, orgId: row.org_id, reason: 'failing continuously' });
      }
    }
    return rows.length;
  }
}
