import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundScheme } from './inbound-source.model.js';

export type Headers = Record<string, string | string[] | undefined>;

/** Why a signature was refused; never includes the expected value. */
export type VerificationResult = { ok: true; eventId: string | undefined } | { ok: false; reason: string };

export const DEFAULT_SIGNATURE_HEADER = 'x-signature';
export const GENERIC_TIMESTAMP_HEADER = 'x-timestamp';
export const GENERIC_EVENT_ID_HEADER = 'x-event-id';

/**
 * Checks a request against its source's scheme with constant-time comparisons:
 * - standard-webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` (`v1,<base64 HMAC of id.ts.body>`,
 *   several allowed), keyed with the base64 part of a `whsec_` secret;
 * - github: `X-Hub-Signature-256: sha256=<hex HMAC of body>`, event id from `X-GitHub-Delivery` (GitHub signs no timestamp);
 * - hmac-header: `<header>: [sha256=]<hex HMAC of "timestamp.body">` with `x-timestamp` (unix seconds).
 */
export function verifyInboundSignature(
  scheme: InboundScheme,
  secret: string,
  headers: Headers,
  body: Buffer,
  options: { toleranceSeconds: number; signatureHeader: string | null; now?: number },
): VerificationResult {
  const now = options.now ?? Date.now();
  switch (scheme) {
    case 'standard-webhooks': {
      const id = header(headers, 'webhook-id');
      const timestamp = header(headers, 'webhook-timestamp');
      const signatures = header(headers, 'webhook-signature');
      if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
      const stale = checkTimestamp(timestamp, options.toleranceSeconds, now);
      if (stale) return { ok: false, reason: stale };
      const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
      const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
      const matches = signatures.split(' ').some((candidate) => {
        const [version, value] = candidate.split(',');
        return version === 'v1' && value !== undefined && safeEqual(Buffer.from(value, 'base64'), expected);
      });
      return matches ? { ok: true, eventId: id } : { ok: false, reason: 'no signature matches' };
    }
    case 'github': {
      const signature = header(headers, 'x-hub-signature-256');
      if (!signature?.startsWith('sha256=')) return { ok: false, reason: 'missing X-Hub-Signature-256' };
      const expected = createHmac('sha256', secret).update(body).digest();
      if (!safeEqual(hexOrEmpty(signature.slice(7)), expected)) return { ok: false, reason: 'signature does not match' };
      return { ok: true, eventId: header(headers, 'x-github-delivery') };
    }
    case 'hmac-header': {
      const name = (options.signatureHeader ?? DEFAULT_SIGNATURE_HEADER).toLowerCase();
      const signature = header(headers, name);
      const timestamp = header(headers, GENERIC_TIMESTAMP_HEADER);
      if (!signature || !timestamp) return { ok: false, reason: `missing ${name} or ${GENERIC_TIMESTAMP_HEADER}` };
      const stale = checkTimestamp(timestamp, options.toleranceSeconds, now);
      if (stale) return { ok: false, reason: stale };
      const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
      const value = signature.startsWith('sha256=') ? signature.slice(7) : signature;
      if (!safeEqual(hexOrEmpty(value), expected)) return { ok: false, reason: 'signature does not match' };
      return { ok: true, eventId: header(headers, GENERIC_EVENT_ID_HEADER) };
    }
  }
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkTimestamp(value: string, toleranceSeconds: number, now: number): string | undefined {
  if (!/^\d{1,12}$/.test(value)) return 'the timestamp is not unix seconds';
  if (Math.abs(now / 1000 - Number(value)) > toleranceSeconds) return 'the timestamp is outside the tolerance';
  return undefined;
}

function hexOrEmpty(value: string): Buffer {
  return /^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0 ? Buffer.from(value, 'hex') : Buffer.alloc(0);
}

/** Length is not secret (it is the digest size); the content is compared in constant time. */
function safeEqual(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
