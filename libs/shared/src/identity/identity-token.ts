import { createHmac, timingSafeEqual } from 'node:crypto';

/** Identity the gateway vouches for when it calls a service on a caller's behalf. */
export interface CallerIdentity {
  orgId: string;
  /** API key id or user id that made the call. */
  principalId: string;
  scopes: string[];
}

/** Header / gRPC metadata key carrying the signed identity. */
export const IDENTITY_HEADER = 'x-so-identity';

/**
 * What a signed identity may be used for. `internal` rides on service-to-service calls; `realtime`
 * is the ticket a browser presents to the notification service. Keeping them apart means a ticket
 * handed to a browser cannot be replayed as an internal call against a service's own port.
 */
export type IdentityAudience = 'internal' | 'realtime';

/** Tokens older than this are refused, bounding the use of a leaked header. */
const MAX_AGE_MS = 5 * 60_000;

/** How long a signed identity stays valid (e.g. the lifetime of a real-time ticket the gateway issues). */
export const IDENTITY_TOKEN_MAX_AGE_MS = MAX_AGE_MS;

/**
 * Signs an identity as `base64url(json).base64url(hmac)`. Services trust only identities signed
 * with the shared INTERNAL_TOKEN, so a direct call that skips the gateway cannot claim an org.
 */
export function signIdentity(
  identity: CallerIdentity,
  key: string,
  now = Date.now(),
  audience: IdentityAudience = 'internal',
): string {
  const body = Buffer.from(JSON.stringify({ ...identity, aud: audience, iat: now })).toString('base64url');
  const mac = createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** Returns the identity, or undefined when the token is missing, forged, malformed or expired. */
export function verifyIdentity(
  token: unknown,
  key: string,
  now = Date.now(),
  audience: IdentityAudience = 'internal',
): CallerIdentity | undefined {
  if (typeof token !== 'string' || token.length > 4096) return undefined;
  const [body, mac] = token.split('.');
  if (!body || !mac) return undefined;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<CallerIdentity> & {
      iat?: number;
      aud?: string;
    };
    if (parsed.aud !== audience) return undefined;
    if (typeof parsed.orgId !== 'string' || typeof parsed.principalId !== 'string') return undefined;
    if (typeof parsed.iat !== 'number' || Math.abs(now - parsed.iat) > MAX_AGE_MS) return undefined;
    return { orgId: parsed.orgId, principalId: parsed.principalId, scopes: Array.isArray(parsed.scopes) ? parsed.scopes : [] };
  } catch {
    return undefined;
  }
}

/**
 * When a token was signed, read from a token that {@link verifyIdentity} already accepted; undefined
 * for anything else. Lets a long-lived connection tell how old the ticket it was opened with is.
 */
export function identityTokenIssuedAt(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof claims.iat === 'number' ? claims.iat : undefined;
  } catch {
    return undefined;
  }
}
