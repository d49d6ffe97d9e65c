import { WebhookException } from '@so/webhook-common';

/**
 * Where a page of the attempt log stopped. Opaque to clients (base64url JSON). The endpoint log pages by
 * (created_at, id) with the timestamp kept as Postgres printed it, so microseconds survive the round trip
 * and no attempt falls between two pages; the message log pages by attempt number.
 */
export type AttemptCursor = { kind: 'endpoint'; createdAt: string; id: string } | { kind: 'message'; attemptNumber: number };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeAttemptCursor(cursor: AttemptCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a previous page returned, or undefined for the first page; anything else is INVALID_ARGUMENT. */
export function decodeAttemptCursor<K extends AttemptCursor['kind']>(
  value: string | undefined,
  kind: K,
): Extract<AttemptCursor, { kind: K }> | undefined {
  if (!value) return undefined;
  const parsed = parse(value);
  if (parsed?.kind === kind) {
    if (parsed.kind === 'endpoint' && TIMESTAMP.test(parsed.createdAt) && UUID.test(parsed.id)) {
      return parsed as Extract<AttemptCursor, { kind: K }>;
    }
    if (parsed.kind === 'message' && Number.isInteger(parsed.attemptNumber) && parsed.attemptNumber >= 0) {
      return parsed as Extract<AttemptCursor, { kind: K }>;
    }
  }
  throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_CURSOR', 'the page cursor is invalid', [
    { field: 'cursor', description: 'must be the nextCursor of a previous page of the same list' },
  ]);
}

function parse(value: string): AttemptCursor | undefined {
  if (value.length > 512 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as AttemptCursor) : undefined;
  } catch {
    return undefined;
  }
}
