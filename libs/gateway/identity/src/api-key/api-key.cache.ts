import type { VerifiedApiKey } from './verified-api-key.js';

interface Entry {
  value: VerifiedApiKey;
  expiresAt: number;
}

export interface ApiKeyCacheOptions {
  ttlMs: number;
  /** Bounds memory when many distinct keys are in use; the oldest entries go first. */
  maxEntries?: number;
}

/**
 * In-memory cache of verified keys, keyed by the key's hash (never the key itself). Entries live
 * `ttlMs`, so a revocation made on another replica takes effect within that time even if its
 * broadcast is missed; a revocation on this replica invalidates at once.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(private readonly options: ApiKeyCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  get(hash: string, now = Date.now()): VerifiedApiKey | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  set(hash: string, value: VerifiedApiKey, now = Date.now()): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { value, expiresAt: now + this.options.ttlMs });
  }

  /** Drops every cached entry of one key (by id: the cache does not know the key's hash from outside). */
  invalidateKey(keyId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.value.keyId === keyId) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
