import { z } from 'zod';
import { httpUrlField } from '../common/request-fields.js';
import { endpointFilterField, endpointHeadersField, orderedField, rateLimitField } from './create-webhook-endpoint.request.js';
import { eventTypePatternsField } from './event-type-pattern.field.js';

/** Body of `PATCH /api/v1/webhooks/endpoints/{id}`: only the fields present change. */
export const UpdateWebhookEndpointRequestSchema = z
  .object({
    url: httpUrlField().optional(),
    eventTypes: eventTypePatternsField().optional().describe('Replaces the subscribed event types'),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional().describe('Re-enabling clears the failure run that disabled the endpoint'),
    rateLimitPerSecond: rateLimitField().nullable().optional().describe('null removes the limit'),
    headers: endpointHeadersField().optional().describe('Replaces the custom headers ({} removes them)'),
    filter: endpointFilterField().nullable().optional().describe('null removes the filter'),
    ordered: orderedField().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');

export type UpdateWebhookEndpointRequest = z.infer<typeof UpdateWebhookEndpointRequestSchema>;

/** Body of `POST /api/v1/webhooks/endpoints/{id}/rotate-secret`. */
export const RotateWebhookSecretRequestSchema = z
  .object({
    graceSeconds: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(7 * 24 * 3600, 'must be at most 604800 (7 days)')
      .optional()
      .describe('How long the previous secret keeps signing beside the new one (default 86400)'),
  })
  .strict();

export type RotateWebhookSecretRequest = z.infer<typeof RotateWebhookSecretRequestSchema>;
