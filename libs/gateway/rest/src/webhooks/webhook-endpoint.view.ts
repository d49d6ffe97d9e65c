import type { webhookInternalProto } from '@so/contracts';
import { z } from 'zod';

export const WebhookEndpointViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  projectId: z.string().nullable(),
  createdAt: z.string().nullable(),
});

export const CreatedWebhookEndpointViewSchema = WebhookEndpointViewSchema.extend({
  secret: z.string().describe('Signing secret (Standard Webhooks `whsec_` format). Shown only in this response.'),
});

export const WebhookEndpointListViewSchema = z.object({ items: z.array(WebhookEndpointViewSchema) });

export type WebhookEndpointView = z.infer<typeof WebhookEndpointViewSchema>;
export type CreatedWebhookEndpointView = z.infer<typeof CreatedWebhookEndpointViewSchema>;
export type WebhookEndpointListView = z.infer<typeof WebhookEndpointListViewSchema>;

export function toWebhookEndpointView(endpoint: webhookInternalProto.WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: [...endpoint.eventTypes],
    description: endpoint.description === '' ? null : endpoint.description,
    enabled: endpoint.enabled,
    projectId: endpoint.projectId === '' ? null : endpoint.projectId,
    createdAt: endpoint.createdAt === '' ? null : endpoint.createdAt,
  };
}
