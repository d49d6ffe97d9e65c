import type { webhookInternalProto } from '@so/contracts';
import { z } from 'zod';

export const WebhookMessageViewSchema = z.object({
  id: z.string().describe('The `webhook-id` partners received (msg_<uuid>), stable across retries and replays'),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  endpointUrl: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']).describe('failed = retries exhausted (a dead letter)'),
  attempts: z.number().int(),
  lastResponseStatus: z.number().int().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  test: z.boolean().describe('True for a test event sent with POST /webhooks/endpoints/{id}/test (its eventId starts with "test_")'),
});

export const WebhookMessageListViewSchema = z.object({ items: z.array(WebhookMessageViewSchema) });

export const WebhookAttemptViewSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  endpointId: z.string(),
  attemptNumber: z.number().int(),
  status: z.enum(['succeeded', 'failed']),
  timestamp: z.string().describe('When the attempt was made'),
  responseStatus: z.number().int().nullable().describe('null when no HTTP answer came (refused, timeout, DNS)'),
  latencyMs: z.number().int(),
  responseHeaders: z.record(z.string(), z.string()),
  responseBody: z.string().nullable().describe('At most the first 20 KB of the response body'),
  error: z.string().nullable().describe('Why the attempt failed before or instead of an HTTP answer'),
  test: z.boolean().describe('An attempt of a test event (POST /webhooks/endpoints/{id}/test)'),
});

export const WebhookAttemptPageViewSchema = z.object({
  items: z.array(WebhookAttemptViewSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

export const RequeuedViewSchema = z.object({ requeued: z.number().int().describe('Messages sent again') });

export type WebhookMessageView = z.infer<typeof WebhookMessageViewSchema>;
export type WebhookMessageListView = z.infer<typeof WebhookMessageListViewSchema>;
export type WebhookAttemptView = z.infer<typeof WebhookAttemptViewSchema>;
export type WebhookAttemptPageView = z.infer<typeof WebhookAttemptPageViewSchema>;
export type RequeuedView = z.infer<typeof RequeuedViewSchema>;

const orNull = (value: string) => (value === '' ? null : value);

export function toWebhookMessageView(message: webhookInternalProto.WebhookMessage): WebhookMessageView {
  const status = message.status === 'delivered' || message.status === 'failed' ? message.status : 'pending';
  return {
    id: message.id,
    eventId: message.eventId,
    eventType: message.eventType,
    endpointId: message.endpointId,
    endpointUrl: message.endpointUrl,
    status,
    attempts: message.attempts,
    lastResponseStatus: message.lastResponseStatus === 0 ? null : message.lastResponseStatus,
    lastAttemptAt: orNull(message.lastAttemptAt),
    deliveredAt: orNull(message.deliveredAt),
    createdAt: message.createdAt,
    test: message.test,
  };
}

export function toWebhookAttemptPageView(page: webhookInternalProto.ListAttemptsResponse): WebhookAttemptPageView {
  return {
    items: page.attempts.map((attempt) => ({
      id: attempt.id,
      messageId: attempt.messageId,
      endpointId: attempt.endpointId,
      attemptNumber: attempt.attemptNumber,
      status: attempt.status === 'succeeded' ? 'succeeded' : 'failed',
      timestamp: attempt.createdAt,
      responseStatus: attempt.responseStatus === 0 ? null : attempt.responseStatus,
      latencyMs: attempt.latencyMs,
      responseHeaders: { ...attempt.responseHeaders },
      responseBody: orNull(attempt.responseBody),
      error: orNull(attempt.error),
      test: attempt.test,
    })),
    nextCursor: orNull(page.nextCursor),
  };
}
