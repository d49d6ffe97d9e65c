import { describe, expect, it } from '@jest/globals';
import { verifyIdentity } from '../identity/identity-token.js';
import { SignedIdentityCache } from './signed-identity.cache.js';

const TOKEN = 'signed-identity-cache-test-token';
const caller = { orgId: 'org-1', principalId: 'key-1', scopes: ['analyses:write'] };

describe(SignedIdentityCache.name, () => {
  it('reuses one valid token per caller within the reuse window, then signs a fresh one', () => {
    const cache = new SignedIdentityCache({ internalToken: TOKEN, reuseMs: 60_000 });
    const first = cache.token(caller, 1_000_000);
    expect(cache.token({ ...caller, scopes: [...caller.scopes] }, 1_059_999)).toBe(first);
    expect(verifyIdentity(first, TOKEN, 1_059_999)).toEqual(caller);
    const renewed = cache.token(caller, 1_060_000);
    expect(renewed).not.toBe(first);
    expect(verifyIdentity(renewed, TOKEN, 1_060_000)).toEqual(caller);
  });

  it('keeps callers apart, scopes included', () => {
    const cache = new SignedIdentityCache({ internalToken: TOKEN });
    const now = Date.now();
    const narrower = cache.token({ ...caller, scopes: ['analyses:read'] }, now);
    const other = cache.token({ ...caller, orgId: 'org-2' }, now);
    expect(verifyIdentity(narrower, TOKEN, now)).toEqual({ ...caller, scopes: ['analyses:read'] });
    expect(verifyIdentity(other, TOKEN, now)).toEqual({ ...caller, orgId: 'org-2' });
    expect(verifyIdentity(cache.token(caller, now), TOKEN, now)).toEqual(caller);
  });

  it('never hands out a token stamped in the future (clock stepped back)', () => {
    const cache = new SignedIdentityCache({ internalToken: TOKEN });
    const later = cache.token(caller, 2_000_000);
    const earlier = cache.token(caller, 1_000_000);
    expect(earlier).not.toBe(later);
    expect(verifyIdentity(earlier, TOKEN, 1_000_000)).toEqual(caller);
  });

  it('stays within its bound on distinct callers', () => {
    const cache = new SignedIdentityCache({ internalToken: TOKEN, maxEntries: 2 });
    const now = Date.now();
    const first = cache.token(caller, now);
    cache.token({ ...caller, principalId: 'key-2' }, now);
    cache.token({ ...caller, principalId: 'key-3' }, now);
    // The oldest was dropped: asking again signs anew (same content, so it still verifies).
    expect(verifyIdentity(cache.token(caller, now + 1), TOKEN, now + 1)).toEqual(caller);
    expect(cache.token(caller, now + 1)).not.toBe(first);
  });
});
