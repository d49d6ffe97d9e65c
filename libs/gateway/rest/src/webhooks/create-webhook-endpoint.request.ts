import { EVENT_TYPES } from '@so/contracts';
import { z } from 'zod';
import { httpUrlField, projectIdField } from '../common/request-fields.js';

/** Body of `POST /api/v1/webhooks/endpoints`. */
export const CreateWebhookEndpointRequestSchema = z
  .object({
    url: httpUrlField().describe('Where deliveries are POSTed'),
    eventTypes: z
      .array(z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` }))
      .min(1, 'must list at least one event type')
      .max(EVENT_TYPES.length),
    description: z.string().max(500).optional(),
    projectId: projectIdField().optional().describe('Only events of this project (default: all projects of the org)'),
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
