import type { LookupAddress } from 'node:dns';
import { OutboundAddressGuard, type VettedOutboundAddress } from './outbound-address.guard.js';
import { parseOutboundAllowlist } from './outbound-allowlist.js';
import { OutboundRefusedError } from './outbound-refused.error.js';

const TABLE: Record<string, string[]> = {
  'partner.example': ['93.184.216.34'],
  'dual.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'metadata.google.internal': ['169.254.169.254'],
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

  it('refuses cloud metadata addresses', async () => {
    expect((await refusal(new OutboundAddressGuard([], 'TEST_ALLOWLIST', resolver).resolve('metadata.google.internal'))).range).toBe('linkLocal');
  });

  it('reuses a vetted answer briefly, then resolves (and vets) again', async () => {
    const calls: string[] = [];
    const counting = async (host: string) => {
      calls.push(host);
      return resolver(host);
    };
    const cached = new OutboundAddressGuard([], 'TEST_ALLOWLIST', counting, 60_000);
    await cached.resolve('partner.example');
    await cached.resolve('partner.example');
    expect(calls).toHaveLength(1);
    const uncached = new OutboundAddressGuard([], 'TEST_ALLOWLIST', counting, 0);
    await uncached.resolve('partner.example');
    await uncached.resolve('partner.example');
    expect(calls).toHaveLength(3);
  });

  describe('lookup (connect-time)', () => {
    function lookup(guard: OutboundAddressGuard, host: string, options: { all?: boolean; family?: number }) {
      return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
        guard.lookup(host, options, (error, address, family) => resolve({ error, address, family })),
      );
    }

    it('answers only vetted addresses, in both callback shapes and per family', async () => {
      const guard = new OutboundAddressGuard([], 'TEST_ALLOWLIST', resolver);
      expect(await lookup(guard, 'dual.example', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
      expect((await lookup(guard, 'dual.example', { all: true })).address).toEqual([
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ]);
      expect((await lookup(guard, 'dual.example', { family: 6 })).address).toBe('2606:2800:220:1:248:1893:25c8:1946');
    });

    it('fails the connect with the refusal for internal answers', async () => {
      const { error } = await lookup(new OutboundAddressGuard([], 'TEST_ALLOWLIST', resolver), 'internal.example', { all: true });
      expect(error).toBeInstanceOf(OutboundRefusedError);
    });
  });
});
