import { IDENTITY_TOKEN_MAX_AGE_MS, signIdentity } from '@so/shared';
import { RealtimeException } from './realtime.exception.js';
import { renewToken, type RenewableConnection } from './renew-token.js';

const KEY = 'renew-token-test-key-0123456789';
const NOW = 1_800_000_000_000;

function connection(): RenewableConnection {
  return { identity: { orgId: 'org-a', principalId: 'key-1', scopes: ['realtime:subscribe'] }, identityIssuedAt: NOW - IDENTITY_TOKEN_MAX_AGE_MS };
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof RealtimeException ? error.errorCode : 'not a RealtimeException';
  }
}

describe(renewToken.name, () => {
  it('adopts a newer ticket of the same caller, scopes included', () => {
    const current = connection();
    const fresh = signIdentity({ orgId: 'org-a', principalId: 'key-1', scopes: ['realtime:subscribe', 'analyses:write'] }, KEY, NOW - 1000, 'realtime');
    renewToken(current, { token: fresh }, KEY, NOW);
    expect(current).toEqual({ identity: { orgId: 'org-a', principalId: 'key-1', scopes: ['realtime:subscribe', 'analyses:write'] }, identityIssuedAt: NOW - 1000 });
  });

  it("refuses another caller's ticket, an internal-audience token, a forged one and a malformed payload, and keeps the old identity", () => {
    const current = connection();
    const before = structuredClone(current);
    const otherOrg = signIdentity({ orgId: 'org-b', principalId: 'key-1', scopes: [] }, KEY, NOW, 'realtime');
    const otherKey = signIdentity({ orgId: 'org-a', principalId: 'key-2', scopes: [] }, KEY, NOW, 'realtime');
    const internal = signIdentity({ orgId: 'org-a', principalId: 'key-1', scopes: [] }, KEY, NOW, 'internal');
    const forged = signIdentity({ orgId: 'org-a', principalId: 'key-1', scopes: [] }, 'another-key-0123456789', NOW, 'realtime');
    const expired = signIdentity({ orgId: 'org-a', principalId: 'key-1', scopes: [] }, KEY, NOW - IDENTITY_TOKEN_MAX_AGE_MS - 1, 'realtime');
    expect(codeOf(() => renewToken(current, { token: otherOrg }, KEY, NOW))).toBe('FORBIDDEN');
    expect(codeOf(() => renewToken(current, { token: otherKey }, KEY, NOW))).toBe('FORBIDDEN');
    expect(codeOf(() => renewToken(current, { token: internal }, KEY, NOW))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => renewToken(current, { token: forged }, KEY, NOW))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => renewToken(current, { token: expired }, KEY, NOW))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => renewToken(current, { token: 42 }, KEY, NOW))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => renewToken(current, undefined, KEY, NOW))).toBe('INVALID_PAYLOAD');
    expect(current).toEqual(before);
  });
});
