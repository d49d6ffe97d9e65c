import { z } from 'zod';
import { webhookEndpointIdField } from './create-webhook-endpoint.request.js';

/** Message ids are the `webhook-id` partners receive. */
export const webhookMessageIdField = () =>
  z
    .string()
    .max(128)
    .regex(/^msg_[0-9a-f-]{36}$/, 'must be a webhook-id such as msg_<uuid>');

/** Paging of the attempt log. */
export const AttemptPageQuerySchema = z
  .object({
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 200')
      .max(200, 'must be between 1 and 200')
      .optional(),
    cursor: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be the nextCursor of a previous page')
      .optional(),
  })
  .strict();

export type AttemptPageQuery = z.infer<typeof AttemptPageQuerySchema>;

export const DeadLettersQuerySchema = z
  .object({
    endpointId: webhookEndpointIdField().optional().describe('Only this endpoint (default: every endpoint of the org)'),
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .optional(),
  })
  .strict();

export type DeadLettersQuery = z.infer<typeof DeadLettersQuerySchema>;

/** Body of `POST /api/v1/webhooks/endpoints/{id}/recover`. */
export const RecoverMessagesRequestSchema = z
  .object({
    since: z.iso
      .datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-11-20T00:00:00Z' })
      .refine((value) => Date.parse(value) <= Date.now(), 'must be in the past')
      .describe('Failed messages created since then are sent again'),
  })
  .strict();

export type RecoverMessagesRequest = z.infer<typeof RecoverMessagesRequestSchema>;

/** Body of `POST /api/v1/webhooks/dead-letters/redrive`. */
export const RedriveDeadLettersRequestSchema = z
  .object({
    endpointId: webhookEndpointIdField().optional().describe('Only this endpoint (default: every endpoint of the org)'),
  })
  .strict();

export type RedriveDeadLettersRequest = z.infer<typeof RedriveDeadLettersRequestSchema>;
