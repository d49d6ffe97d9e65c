import type { LookupAddress } from 'node:dns';
import { SsrfGuard, type VettedAddress } from './ssrf-guard.js';
import { SsrfRefusedError } from './ssrf-refused.error.js';
import { parseAllowlist } from './webhook-allowlist.js';

function resolverFor(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolver = async (host: string): Promise<VettedAddress[]> => {
    calls.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, calls };
}

async function refusal(promise: Promise<unknown>): Promise<SsrfRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SsrfRefusedError);
  return error as SsrfRefusedError;
}

describe(SsrfGuard.name, () => {
  const { resolver } = resolverFor({
    'partner.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'internal.example': ['10.1.2.3'],
    'mixed.example': ['93.184.216.34', '192.168.1.1'],
    'hooks.corp.example': ['10.9.9.9'],
    'metadata.google.internal': ['169.254.169.254'],
  });

  it('allows hosts that resolve to public unicast addresses only', async () => {
    const guard = new SsrfGuard([], resolver);
    await expect(guard.resolve('partner.example')).resolves.toHaveLength(2);
    await expect(guard.resolve('8.8.8.8')).resolves.toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['[fd00:ec2::254]', 'uniqueLocal'],
    ['[fe80::1]', 'linkLocal'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s)', async (host, range) => {
    const error = await refusal(new SsrfGuard([], resolver).resolve(host));
    expect(error.range).toBe(range);
    expect(error.message).toContain('WEBHOOK_ALLOWLIST');
  });

  it('refuses names resolving to internal addresses, including metadata endpoints and mixed answers', async () => {
    const guard = new SsrfGuard([], resolver);
    expect((await refusal(guard.resolve('internal.example'))).address).toBe('10.1.2.3');
    expect((await refusal(guard.resolve('Metadata.Google.Internal.'))).range).toBe('linkLocal');
    expect((await refusal(guard.resolve('mixed.example'))).address).toBe('192.168.1.1');
  });

  it('lets the allow-list permit CIDRs, exact IPs, host names and subdomain wildcards', async () => {
    await expect(new SsrfGuard(['10.0.0.0/8'], resolver).resolve('internal.example')).resolves.toHaveLength(1);
    await expect(new SsrfGuard(['127.0.0.1'], resolver).resolve('127.0.0.1')).resolves.toHaveLength(1);
    await refusal(new SsrfGuard(['127.0.0.1'], resolver).resolve('127.0.0.2'));
    await expect(new SsrfGuard(['internal.example'], resolver).resolve('internal.example')).resolves.toHaveLength(1);
    await expect(new SsrfGuard(['*.corp.example'], resolver).resolve('hooks.corp.example')).resolves.toHaveLength(1);
    await refusal(new SsrfGuard(['*.corp.example'], resolver).resolve('internal.example'));
    await expect(new SsrfGuard(['::1/128'], resolver).resolve('[::1]')).resolves.toHaveLength(1);
  });

  it('rejects invalid allow-list entries', () => {
    expect(parseAllowlist(['10.0.0.0/33', 'not a host', 'ok.example', '*.x.example', 'fd00::/8']).invalid).toEqual([
      '10.0.0.0/33',
      'not a host',
    ]);
    expect(() => new SsrfGuard(['300.1.1.1/8'])).toThrow(/WEBHOOK_ALLOWLIST/);
  });

  it('reuses a vetted answer briefly, then resolves (and vets) again', async () => {
    const { resolver: counting, calls } = resolverFor({ 'partner.example': ['93.184.216.34'] });
    const cached = new SsrfGuard([], counting, 60_000);
    await cached.resolve('partner.example');
    await cached.resolve('partner.example');
    expect(calls).toHaveLength(1);
    const uncached = new SsrfGuard([], counting, 0);
    await uncached.resolve('partner.example');
    await uncached.resolve('partner.example');
    expect(calls).toHaveLength(3);
  });

  describe('lookup (connect-time)', () => {
    function lookup(guard: SsrfGuard, host: string, options: { all?: boolean; family?: number }) {
      return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
        (resolve) => guard.lookup(host, options, (error, address, family) => resolve({ error, address, family })),
      );
    }

    it('answers only vetted addresses, in both callback shapes and per family', async () => {
      const guard = new SsrfGuard([], resolver);
      expect(await lookup(guard, 'partner.example', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
      expect((await lookup(guard, 'partner.example', { all: true })).address).toEqual([
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ]);
      expect((await lookup(guard, 'partner.example', { family: 6 })).address).toBe(
        '2606:2800:220:1:248:1893:25c8:1946',
      );
    });

    it('fails the connect with the refusal for internal answers', async () => {
      const { error } = await lookup(new SsrfGuard([], resolver), 'internal.example', { all: true });
      expect(error).toBeInstanceOf(SsrfRefusedError);
    });
  });
});
