import { WebhookException } from '@so/webhook-common';

const MESSAGE_ID_PATTERN = /^msg_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateMessageId(id: string): string {
  if (!MESSAGE_ID_PATTERN.test(id ?? '')) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_MESSAGE_ID', 'the message id is invalid', [
      { field: 'messageId', description: 'must be a webhook-id such as msg_<uuid>' },
    ]);
  }
  return id;
}

/** Optional endpoint filter: empty means every endpoint of the org. */
export function validateOptionalEndpointId(id: string | null | undefined, field = 'endpointId'): string | null {
  if (!id) return null;
  if (!UUID_PATTERN.test(id)) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT_ID', 'the endpoint id is invalid', [
      { field, description: 'must be a UUID' },
    ]);
  }
  return id.toLowerCase();
}

/** An endpoint id that must be present. */
export function validateEndpointIdRequired(id: string | null | undefined, field = 'endpointId'): string {
  const endpointId = validateOptionalEndpointId(id, field);
  if (endpointId === null) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT_ID', 'the endpoint id is required', [
      { field, description: 'is required' },
    ]);
  }
  return endpointId;
}

/** An ISO-8601 instant in the past (recovery looks back from now). */
export function validateSince(value: string, now: number = Date.now()): Date {
  const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed) || parsed > now) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_SINCE', 'the recovery start is invalid', [
      { field: 'since', description: 'must be an ISO-8601 date-time in the past, e.g. 2026-11-20T00:00:00Z' },
    ]);
  }
  return new Date(parsed);
}

export function validateLimit(value: number | null | undefined, fallback = 100, max = 1000): number {
  if (value === undefined || value === null || value === 0) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_LIMIT', 'the page size is invalid', [
      { field: 'limit', description: `must be a whole number between 1 and ${max}` },
    ]);
  }
  return value;
}
