import { identityTokenIssuedAt, IDENTITY_TOKEN_MAX_AGE_MS, verifyIdentity, type CallerIdentity, type IdentityAudience } from './identity-token.js';

export interface VerifiedIdentityCacheOptions {
  internalToken: string;
  audience?: IdentityAudience;
  /** Tokens remembered at once; the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  identity: CallerIdentity;
  issuedAt: number;
}

/**
 * `verifyIdentity` for services that see the same token many times: the gateway signs one token per
 * caller and reuses it for up to a minute, so a busy service would otherwise compute the same HMAC
 * and parse the same JSON on every call. Only tokens that verified are remembered, keyed by the
 * whole token (a changed byte is a different key and is verified afresh), and a remembered token is
 * still refused once it is older than a fresh verification would allow.
 */
export class VerifiedIdentityCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(private readonly options: VerifiedIdentityCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  verify(token: unknown, now = Date.now()): CallerIdentity | undefined {
    if (typeof token !== 'string') return undefined;
    const entry = this.entries.get(token);
    if (entry) {
      if (Math.abs(now - entry.issuedAt) <= IDENTITY_TOKEN_MAX_AGE_MS) return entry.identity;
      this.entries.delete(token);
      return undefined;
    }
    const identity = verifyIdentity(token, this.options.internalToken, now, this.options.audience ?? 'internal');
    const issuedAt = identity ? identityTokenIssuedAt(token) : undefined;
    if (!identity || issuedAt === undefined) return identity;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { identity, issuedAt });
    return identity;
  }
}
