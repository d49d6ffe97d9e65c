import { WebhookException } from '@so/webhook-common';
import type { DataSource } from 'typeorm';

/** What the operations that hand an endpoint new attempts need to know about it. */
export interface DeliverableEndpoint {
  event_types: string[];
  project_id: string | null;
}

/**
 * The endpoint of the caller's org, if something may be delivered to it now; otherwise the refusal
 * that says why: missing or deleted (404), disabled (409 — nothing is delivered to a disabled
 * endpoint, so the attempts would only wait). `action` ends the disabled message ("before replaying").
 */
export async function requireDeliverableEndpoint(
  dataSource: DataSource,
  orgId: string,
  endpointId: string,
  action: string,
): Promise<DeliverableEndpoint> {
  const rows = (await dataSource.query(
    `SELECT "enabled", "deleted_at", "event_types", "project_id" FROM "webhook"."endpoints" WHERE "org_id" = $1 AND "id" = $2`,
    [orgId, endpointId],
  )) as Array<DeliverableEndpoint & { enabled: boolean; deleted_at: Date | null }>;
  const endpoint = rows[0];
  if (!endpoint || endpoint.deleted_at) {
    throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
  }
  if (!endpoint.enabled) {
    throw new WebhookException(
      'FAILED_PRECONDITION',
      'WEBHOOK.ENDPOINT_DISABLED',
      `webhook endpoint ${endpointId} is disabled; enable it ${action}`,
    );
  }
  return { event_types: endpoint.event_types, project_id: endpoint.project_id };
}
