import { signIdentity, type CallerIdentity } from './identity-token.js';
import { VerifiedIdentityCache } from './verified-identity.cache.js';

const KEY = 'test-internal-token-0123456789';
const identity: CallerIdentity = { orgId: 'org-1', principalId: 'key-1', scopes: ['analyses:write'] };

describe(VerifiedIdentityCache.name, () => {
  it('answers a token it verified before with the same identity', () => {
    const cache = new VerifiedIdentityCache({ internalToken: KEY });
    const token = signIdentity(identity, KEY);
    expect(cache.verify(token)).toEqual(identity);
    expect(cache.verify(token)).toEqual(identity);
  });

  it('refuses a remembered token once it is older than five minutes', () => {
    const cache = new VerifiedIdentityCache({ internalToken: KEY });
    const issued = Date.now();
    const token = signIdentity(identity, KEY, issued);
    expect(cache.verify(token, issued + 1_000)).toEqual(identity);
    expect(cache.verify(token, issued + 5 * 60_000 + 1)).toBeUndefined();
  });

  it('never remembers a forged token, even after the genuine one was seen', () => {
    const cache = new VerifiedIdentityCache({ internalToken: KEY });
    const token = signIdentity(identity, KEY);
    cache.verify(token);
    const [body] = token.split('.');
    expect(cache.verify(`${body}.${'A'.repeat(43)}`)).toBeUndefined();
    expect(cache.verify(signIdentity(identity, 'another-key-0123456789'))).toBeUndefined();
  });

  it('keeps the audience it was made for', () => {
    const realtime = new VerifiedIdentityCache({ internalToken: KEY, audience: 'realtime' });
    expect(realtime.verify(signIdentity(identity, KEY))).toBeUndefined();
    expect(realtime.verify(signIdentity(identity, KEY, Date.now(), 'realtime'))).toEqual(identity);
  });

  it('forgets the oldest token when full, and still verifies it afresh', () => {
    const cache = new VerifiedIdentityCache({ internalToken: KEY, maxEntries: 2 });
    const now = Date.now();
    const tokens = [0, 1, 2].map((i) => signIdentity({ ...identity, principalId: `key-${i}` }, KEY, now - i));
    for (const token of tokens) cache.verify(token, now);
    expect(cache.verify(tokens[0], now)?.principalId).toBe('key-0');
  });
});
