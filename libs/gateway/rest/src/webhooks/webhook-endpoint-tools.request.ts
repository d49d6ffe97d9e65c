import { EVENT_TYPES } from '@so/contracts';
import { z } from 'zod';

/** Body of `POST /api/v1/webhooks/endpoints/{id}/test` (optional). */
export const SendTestEventRequestSchema = z
  .object({
    eventType: z
      .enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` })
      .optional()
      .describe(
        "The catalogue type whose example is sent (default: the endpoint's first subscribed type, else analysis.completed)",
      ),
  })
  .strict();

export type SendTestEventRequest = z.infer<typeof SendTestEventRequestSchema>;

/** Query of `GET /api/v1/webhooks/endpoints/{id}/stats`. */
export const EndpointStatsQuerySchema = z
  .object({
    since: z.iso
      .datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-11-20T00:00:00Z' })
      .refine((value) => Date.parse(value) <= Date.now(), 'must be in the past')
      .optional()
      .describe('Start of the window (default: 24 hours ago)'),
  })
  .strict();

export type EndpointStatsQuery = z.infer<typeof EndpointStatsQuerySchema>;
