import { describe, expect, it } from '@jest/globals';
import { ApiKeyCache } from './api-key.cache.js';

const key = (keyId: string) => ({ keyId, orgId: 'org-1', scopes: ['*'] });

describe(ApiKeyCache.name, () => {
  it('returns an entry until its TTL has passed', () => {
    const cache = new ApiKeyCache({ ttlMs: 30_000 });
    cache.set('h1', key('k1'), 1_000);
    expect(cache.get('h1', 30_999)).toEqual(key('k1'));
    expect(cache.get('h1', 31_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('invalidates every entry of a revoked key by id', () => {
    const cache = new ApiKeyCache({ ttlMs: 30_000 });
    cache.set('h1', key('k1'));
    cache.set('h2', key('k2'));
    cache.invalidateKey('k1');
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')).toEqual(key('k2'));
  });

  it('stores nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache({ ttlMs: 0 });
    cache.set('h1', key('k1'));
    expect(cache.get('h1')).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new ApiKeyCache({ ttlMs: 30_000, maxEntries: 2 });
    cache.set('h1', key('k1'));
    cache.set('h2', key('k2'));
    cache.set('h3', key('k3'));
    expect(cache.size).toBe(2);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h3')).toEqual(key('k3'));
  });
});
