import { z } from 'zod';
import { httpUrlField, projectIdField } from '../common/request-fields.js';
import { eventTypePatternsField } from './event-type-pattern.field.js';

/** Custom request headers a partner wants on every delivery (the webhook service refuses reserved names). */
export const endpointHeadersField = () =>
  z
    .record(
      z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and "-"'),
      z.string().max(1024, 'header values are at most 1024 characters'),
    )
    .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers');

/** JSON object the event envelope must contain to be delivered, e.g. {"data":{"status":"FAILED"}}. */
export const endpointFilterField = () =>
  z
    .record(z.string(), z.unknown())
    .refine((filter) => JSON.stringify(filter).length <= 4096, 'must be at most 4096 characters of JSON');

export const orderedField = () =>
  z
    .boolean({ message: 'must be true or false' })
    .describe('Deliver one message at a time in event order: a message waits while an earlier one is retried (default false)');

export const rateLimitField = () =>
  z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000');

/** Body of `POST /api/v1/webhooks/endpoints`. */
export const CreateWebhookEndpointRequestSchema = z
  .object({
    url: httpUrlField().describe('Where deliveries are POSTed'),
    eventTypes: eventTypePatternsField(),
    description: z.string().max(500).optional(),
    projectId: projectIdField().optional().describe('Only events of this project (default: all projects of the org)'),
    rateLimitPerSecond: rateLimitField().optional().describe('Deliveries per second to this endpoint (default: unlimited)'),
    headers: endpointHeadersField().optional().describe('Extra headers sent with every delivery'),
    filter: endpointFilterField().optional().describe('Deliver only events whose envelope contains this JSON object'),
    signingScheme: z
      .enum(['hmac', 'ed25519'])
      .optional()
      .describe('hmac (default): `v1,` signatures with the whsec_ secret; ed25519: `v1a,` signatures, verify with publicKey'),
    ordered: orderedField().optional(),
  })
  .strict();

export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequestSchema>;

export const ListWebhookEndpointsQuerySchema = z.object({ projectId: projectIdField().optional() });

/** Endpoint ids are the webhook service's; the edge only keeps out what can never be one. */
export const webhookEndpointIdField = () =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be an endpoint id');
