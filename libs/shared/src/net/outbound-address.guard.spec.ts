import { OutboundAddressGuard, type VettedOutboundAddress } from './outbound-address.guard.js';
import { parseOutboundAllowlist } from './outbound-allowlist.js';
import { OutboundRefusedError } from './outbound-refused.error.js';

const TABLE: Record<string, string[]> = {
  'partner.example': ['93.184.216.34'],
  'internal.example': ['10.1.2.3'],
  'mixed.example': ['93.184.216.34', '192.168.1.1'],
  'tracker.corp.example': ['10.9.9.9'],
};

async function resolver(host: string): Promise<VettedOutboundAddress[]> {
  const addresses = TABLE[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefusedError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundRefusedError);
  return error as OutboundRefusedError;
}

describe(OutboundAddressGuard.name, () => {
  it('allows hosts that resolve to public unicast addresses only', async () => {
    const guard = new OutboundAddressGuard([], 'INTEGRATION_ALLOWLIST', resolver);
    await expect(guard.resolve('partner.example')).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['[::ffff:127.0.0.1]', 'loopback'],
  ])('refuses %s (%s) and names the allow-list setting', async (host, range) => {
    const error = await refusal(new OutboundAddressGuard([], 'INTEGRATION_ALLOWLIST', resolver).resolve(host));
    expect(error.range).toBe(range);
    expect(error.message).toContain('INTEGRATION_ALLOWLIST');
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const guard = new OutboundAddressGuard([], 'X_ALLOWLIST', resolver);
    await refusal(guard.resolve('internal.example'));
    await refusal(guard.resolve('mixed.example'));
  });

  it('lets the operator allow a host, a wildcard suffix or a CIDR', async () => {
    await expect(new OutboundAddressGuard(['internal.example'], 'X', resolver).resolve('internal.example')).resolves.toHaveLength(1);
    await expect(new OutboundAddressGuard(['*.corp.example'], 'X', resolver).resolve('tracker.corp.example')).resolves.toHaveLength(1);
    await expect(new OutboundAddressGuard(['127.0.0.0/8'], 'X', resolver).resolve('127.0.0.1')).resolves.toHaveLength(1);
    await refusal(new OutboundAddressGuard(['127.0.0.0/8'], 'X', resolver).resolve('10.0.0.1'));
  });

  it('rejects an allow-list with unparseable entries, naming them', () => {
    expect(parseOutboundAllowlist(['10.0.0.0/33', 'ok.example']).invalid).toEqual(['10.0.0.0/33']);
    expect(() => new OutboundAddressGuard(['bad host!'], 'INTEGRATION_ALLOWLIST', resolver)).toThrow('invalid INTEGRATION_ALLOWLIST entries: bad host!');
  });
});
