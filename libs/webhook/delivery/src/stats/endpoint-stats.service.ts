import { Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { WebhookException } from '@so/webhook-common';
import { DataSource } from 'typeorm';
import { validateEndpointIdRequired, validateSince } from '../replay/replay-input.validator.js';
import { ENDPOINT_STATS_SQL, type EndpointStatsRow } from './endpoint-stats.query.js';
import type { EndpointStatsView } from './endpoint-stats.view.js';

/** The window when the caller gives no start. */
export const DEFAULT_STATS_WINDOW_MS = 24 * 3600 * 1000;

/** Delivery statistics of one endpoint (messages by state, attempts, success rate, latency, last outcomes). */
@Injectable()
export class EndpointStatsService {
  constructor(private readonly dataSource: DataSource) {}

  async stats(identity: CallerIdentity, rawEndpointId: string, rawSince?: string | null): Promise<EndpointStatsView> {
    const endpointId = validateEndpointIdRequired(rawEndpointId);
    const since = rawSince ? validateSince(rawSince) : new Date(Date.now() - DEFAULT_STATS_WINDOW_MS);
    const rows = (await this.dataSource.query(ENDPOINT_STATS_SQL, [
      identity.orgId,
      endpointId,
      since,
    ])) as EndpointStatsRow[];
    const row = rows[0];
    if (!row)
      throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
    return toEndpointStatsView(endpointId, since, row);
  }
}

export function toEndpointStatsView(endpointId: string, since: Date, row: EndpointStatsRow): EndpointStatsView {
  const attempts = Number(row.attempts);
  const succeeded = Number(row.succeeded);
  return {
    endpointId,
    since,
    messages: { delivered: Number(row.delivered), failed: Number(row.failed), pending: Number(row.pending) },
    attempts: { total: attempts, succeeded, failed: attempts - succeeded },
    successRate: attempts === 0 ? null : succeeded / attempts,
    latencyP50Ms: row.p50 === null ? null : Math.round(row.p50),
    latencyP95Ms: row.p95 === null ? null : Math.round(row.p95),
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
  };
}
