import type { webhookInternalProto } from '@so/contracts';
import { z } from 'zod';

export const WebhookEndpointViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('Why the endpoint was disabled (410 Gone, failing too long, owner)'),
  projectId: z.string().nullable(),
  createdAt: z.string().nullable(),
  rateLimitPerSecond: z.number().int().nullable(),
  headers: z.record(z.string(), z.string()),
  filter: z.record(z.string(), z.unknown()).nullable(),
  signingScheme: z.enum(['hmac', 'ed25519']),
  publicKey: z.string().nullable().describe('ed25519 endpoints: the `whpk_` key that verifies `v1a,` signatures'),
  ordered: z.boolean().describe('One message at a time, in event order'),
});

export const CreatedWebhookEndpointViewSchema = WebhookEndpointViewSchema.extend({
  secret: z.string().describe('Signing secret (Standard Webhooks `whsec_` format). Shown only in this response.'),
});

export const WebhookEndpointListViewSchema = z.object({ items: z.array(WebhookEndpointViewSchema) });

export const RotatedWebhookSecretViewSchema = z.object({
  secret: z.string().describe('The new `whsec_` secret (hmac endpoints; empty for ed25519). Shown only in this response.'),
  publicKey: z.string().nullable(),
  previousSecretExpiresAt: z.string().describe('Until then deliveries carry signatures with the old and the new secret'),
});

export type WebhookEndpointView = z.infer<typeof WebhookEndpointViewSchema>;
export type CreatedWebhookEndpointView = z.infer<typeof CreatedWebhookEndpointViewSchema>;
export type WebhookEndpointListView = z.infer<typeof WebhookEndpointListViewSchema>;
export type RotatedWebhookSecretView = z.infer<typeof RotatedWebhookSecretViewSchema>;

export function toWebhookEndpointView(endpoint: webhookInternalProto.WebhookEndpoint): WebhookEndpointView {
  const options = endpoint.options;
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: [...endpoint.eventTypes],
    description: endpoint.description === '' ? null : endpoint.description,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason || null,
    projectId: endpoint.projectId === '' ? null : endpoint.projectId,
    createdAt: endpoint.createdAt === '' ? null : endpoint.createdAt,
    rateLimitPerSecond: options?.rateLimitPerSecond ? options.rateLimitPerSecond : null,
    headers: { ...(options?.headers ?? {}) },
    filter: options?.filterJson ? (JSON.parse(options.filterJson) as Record<string, unknown>) : null,
    signingScheme: options?.signingScheme === 'ed25519' ? 'ed25519' : 'hmac',
    publicKey: options?.publicKey || null,
    ordered: options?.ordered ?? false,
  };
}
