import { signIdentity, verifyIdentity, type CallerIdentity } from './identity-token.js';

const KEY = 'test-internal-token-0123456789';
const identity: CallerIdentity = { orgId: 'org-1', principalId: 'key-1', scopes: ['analyses:write'] };

describe('identity tokens', () => {
  it('round-trips an identity signed with the shared key', () => {
    expect(verifyIdentity(signIdentity(identity, KEY), KEY)).toEqual(identity);
  });

  it('refuses a token signed with another key', () => {
    expect(verifyIdentity(signIdentity(identity, 'another-key-0123456789'), KEY)).toBeUndefined();
  });

  it('refuses a token whose org was rewritten after signing', () => {
    const [body, mac] = signIdentity(identity, KEY).split('.');
    const forged = Buffer.from(Buffer.from(body ?? '', 'base64url').toString('utf8').replace('org-1', 'org-2')).toString('base64url');
    expect(verifyIdentity(`${forged}.${mac}`, KEY)).toBeUndefined();
  });

  it('refuses a token older than five minutes', () => {
    const issued = Date.now() - 6 * 60_000;
    expect(verifyIdentity(signIdentity(identity, KEY, issued), KEY)).toBeUndefined();
  });

  it('keeps real-time tickets and internal identities apart', () => {
    const ticket = signIdentity(identity, KEY, Date.now(), 'realtime');
    expect(verifyIdentity(ticket, KEY)).toBeUndefined();
    expect(verifyIdentity(ticket, KEY, Date.now(), 'realtime')).toEqual(identity);
    expect(verifyIdentity(signIdentity(identity, KEY), KEY, Date.now(), 'realtime')).toBeUndefined();
  });

  it.each([undefined, 42, '', 'no-dot', 'a.b', 'x'.repeat(5000)])('refuses malformed input %p', (token) => {
    expect(verifyIdentity(token, KEY)).toBeUndefined();
  });
});
