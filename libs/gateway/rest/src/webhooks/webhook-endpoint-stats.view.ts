import type { webhookInternalProto } from '@so/contracts';
import { z } from 'zod';

export const WebhookEndpointStatsViewSchema = z.object({
  endpointId: z.string(),
  since: z.string().describe('Start of the window'),
  messages: z
    .object({
      delivered: z.number().int(),
      failed: z.number().int().describe('Retries exhausted (dead letters)'),
      pending: z.number().int().describe('Still being delivered'),
    })
    .describe('Messages created in the window, by state'),
  attempts: z
    .object({ total: z.number().int(), succeeded: z.number().int(), failed: z.number().int() })
    .describe('Attempts made in the window'),
  successRate: z.number().nullable().describe('Succeeded attempts / attempts (0..1); null without attempts'),
  latencyP50Ms: z.number().int().nullable().describe('Median attempt latency; null without attempts'),
  latencyP95Ms: z.number().int().nullable().describe('95th percentile attempt latency; null without attempts'),
  lastSuccessAt: z.string().nullable().describe('Latest succeeded attempt in the window'),
  lastFailureAt: z.string().nullable().describe('Latest failed attempt in the window'),
});

export type WebhookEndpointStatsView = z.infer<typeof WebhookEndpointStatsViewSchema>;

export function toWebhookEndpointStatsView(stats: webhookInternalProto.EndpointStats): WebhookEndpointStatsView {
  return {
    endpointId: stats.endpointId,
    since: stats.since,
    messages: { delivered: stats.deliveredMessages, failed: stats.failedMessages, pending: stats.pendingMessages },
    attempts: { total: stats.attempts, succeeded: stats.succeededAttempts, failed: stats.failedAttempts },
    successRate: stats.successRate ?? null,
    latencyP50Ms: stats.latencyP50Ms ?? null,
    latencyP95Ms: stats.latencyP95Ms ?? null,
    lastSuccessAt: stats.lastSuccessAt ?? null,
    lastFailureAt: stats.lastFailureAt ?? null,
  };
}
