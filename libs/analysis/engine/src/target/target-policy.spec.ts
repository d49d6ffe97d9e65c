import { InvalidTargetError, TargetNotAllowedError } from '../errors/engine.errors.js';
import { type HostResolver, TargetPolicy, assertTargetAllowed } from './target-policy.js';

/** Answers like a DNS server under the attacker's control, without any real lookup. */
function fakeDns(answers: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe(TargetPolicy.name, () => {
  it('refuses 127.0.0.1 without an allow-list, naming the reason and the way out', async () => {
    const refusal = assertTargetAllowed('http://127.0.0.1:8080/api', []);
    await expect(refusal).rejects.toBeInstanceOf(TargetNotAllowedError);
    await expect(refusal).rejects.toThrow(/127\.0\.0\.1 \(loopback\).*TARGET_ALLOWLIST/);
  });

  it('allows 127.0.0.1 when the address or its CIDR is listed', async () => {
    await expect(assertTargetAllowed('http://127.0.0.1:8080', ['127.0.0.1'])).resolves.toMatchObject({
      address: '127.0.0.1',
      loopback: true,
    });
    await expect(assertTargetAllowed('http://127.0.0.1:8080', ['127.0.0.0/8'])).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://192.168.1.10/', 'private'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://169.254.10.1/', 'linkLocal'],
    ['http://[::1]/', 'loopback'],
    ['http://[fd00::1]/', 'uniqueLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'],
  ])('refuses %s (%s)', async (url, reason) => {
    const refusal = assertTargetAllowed(url, []);
    await expect(refusal).rejects.toBeInstanceOf(TargetNotAllowedError);
    await expect(refusal).rejects.toThrow(`(${reason})`);
  });

  it('keeps cloud metadata closed under a broad CIDR, open only when named exactly', async () => {
    await expect(assertTargetAllowed('http://169.254.169.254/', ['169.254.0.0/16'])).rejects.toBeInstanceOf(
      TargetNotAllowedError,
    );
    await expect(assertTargetAllowed('http://169.254.169.254/', ['169.254.169.254'])).resolves.toBeDefined();
  });

  it.each(['ftp://x', 'not a url', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'javascript:alert(1)'])(
    'rejects %s with InvalidTargetError',
    async (url) => {
      await expect(assertTargetAllowed(url, ['127.0.0.1'])).rejects.toBeInstanceOf(InvalidTargetError);
    },
  );

  it('resolves localhost and refuses it unless allowed by name or address', async () => {
    await expect(assertTargetAllowed('http://localhost:1/', [])).rejects.toBeInstanceOf(TargetNotAllowedError);
    await expect(assertTargetAllowed('http://localhost:1/', ['localhost'])).resolves.toMatchObject({ loopback: true });
    await expect(assertTargetAllowed('http://localhost:1/', ['127.0.0.0/8'])).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });

  it('refuses a public-looking name whose DNS answer is private', async () => {
    const policy = new TargetPolicy([], fakeDns({ 'api.example.com': ['10.1.2.3', 'fd12::1'] }));
    await expect(policy.vet('https://api.example.com/')).rejects.toThrow(
      /10\.1\.2\.3 \(private\), fd12::1 \(uniqueLocal\)/,
    );
  });

  it('pins the first permitted address when an answer mixes private and public ones', async () => {
    const policy = new TargetPolicy([], fakeDns({ 'api.example.com': ['10.1.2.3', '93.184.215.14'] }));
    await expect(policy.vet('https://api.example.com/')).resolves.toMatchObject({
      hostname: 'api.example.com',
      address: '93.184.215.14',
      family: 4,
      loopback: false,
    });
  });

  it('allows wildcard host entries and strips credentials from the URL', async () => {
    const policy = new TargetPolicy(['*.lab.internal'], fakeDns({ 'api.lab.internal': ['10.0.0.7'] }));
    const target = await policy.vet('http://user:secret@api.lab.internal/v1#frag');
    expect(target.address).toBe('10.0.0.7');
    expect(target.url.toString()).toBe('http://api.lab.internal/v1');
  });
});
