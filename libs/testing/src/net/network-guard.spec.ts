import dns from 'node:dns';
import net from 'node:net';
import { startHttpServer } from '../http/test-http-server.js';
import { isLoopbackHost } from './loopback.js';
import { installNetworkGuard, isNetworkGuardInstalled, NetworkGuardError } from './network-guard.js';

type LookupCallback = (error: Error | null, address?: unknown, family?: number) => void;

/** A stand-in for net.Socket that records connects instead of opening sockets. */
function fakeSocketPrototype() {
  const calls: unknown[][] = [];
  const proto = {
    connect(...args: unknown[]) {
      calls.push(args);
      return this;
    },
  };
  installNetworkGuard(proto);
  return { proto, calls };
}

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])(
    'accepts %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    '10.0.0.1',
    '192.0.2.1',
    '0.0.0.0',
    '::',
    '::ffff:10.0.0.1',
    '169.254.169.254',
    'example.com',
    'localhost.example.com',
  ])('rejects %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('installNetworkGuard', () => {
  it('refuses a non-loopback IP in every connect call shape without reaching the socket', () => {
    const { proto, calls } = fakeSocketPrototype();
    expect(() => proto.connect({ host: '192.0.2.1', port: 80 })).toThrow(NetworkGuardError);
    expect(() => proto.connect(80, '10.1.2.3')).toThrow(/network guard: connection to 10\.1\.2\.3:80 blocked/);
    expect(() => proto.connect([{ host: '169.254.169.254', port: 80 }, () => undefined])).toThrow(NetworkGuardError);
    expect(calls).toHaveLength(0);
  });

  it('lets loopback, default-host and Unix socket connections through', () => {
    const { proto, calls } = fakeSocketPrototype();
    proto.connect({ host: '127.0.0.1', port: 5432 });
    proto.connect({ host: '::1', port: 6379 });
    proto.connect(3000);
    proto.connect('/tmp/some.sock');
    expect(calls).toHaveLength(4);
  });

  it('refuses a host name unless a custom lookup is given, and then checks what it resolves to', async () => {
    const { proto, calls } = fakeSocketPrototype();
    expect(() => proto.connect({ host: 'example.com', port: 443 })).toThrow(/example\.com:443/);

    const resolveTo = (address: string) => (_host: string, _opts: unknown, cb: LookupCallback) => cb(null, address, 4);
    const pinnedPublic = { host: 'target.test', port: 80, lookup: resolveTo('93.184.216.34') };
    const pinnedLoopback = { host: 'target.test', port: 80, lookup: resolveTo('127.0.0.1') };
    proto.connect(pinnedPublic);
    proto.connect(pinnedLoopback);
    expect(calls).toHaveLength(2);

    const lookupResult = (options: { lookup: typeof pinnedPublic.lookup }) =>
      new Promise<unknown>((resolve) =>
        options.lookup('target.test', {}, (error, address) => resolve(error ?? address)),
      );
    await expect(lookupResult(pinnedPublic)).resolves.toBeInstanceOf(NetworkGuardError);
    await expect(lookupResult(pinnedLoopback)).resolves.toBe('127.0.0.1');
  });

  it('is installed on the real net.Socket by the jest setup, so fetch and net.connect are guarded', async () => {
    expect(
      isNetworkGuardInstalled(net.Socket.prototype as unknown as Parameters<typeof isNetworkGuardInstalled>[0]),
    ).toBe(true);
    expect(() => net.connect({ host: '192.0.2.1', port: 9 })).toThrow(NetworkGuardError);
    const failure = await fetch('http://192.0.2.1/').then(
      () => undefined,
      (error: Error) => error.cause,
    );
    // fetch re-wraps the socket error, keeping only its message.
    expect(String(failure)).toMatch(/network guard: connection to 192\.0\.2\.1:80 blocked/);
  });

  it('still allows loopback traffic through the real stack', async () => {
    const server = await startHttpServer((_req, res) => res.end('pong'));
    try {
      const response = await fetch(`${server.url}/ping`);
      expect(await response.text()).toBe('pong');
    } finally {
      await server.close();
    }
  });

  it('refuses DNS lookups of names other than localhost', async () => {
    await expect(dns.promises.lookup('example.com')).rejects.toBeInstanceOf(NetworkGuardError);
    await expect(dns.promises.resolve4('example.com')).rejects.toBeInstanceOf(NetworkGuardError);
    await expect(dns.promises.lookup('localhost')).resolves.toMatchObject({ address: expect.any(String) });
    const error = await new Promise((resolve) => dns.lookup('example.org', (err) => resolve(err)));
    expect(error).toBeInstanceOf(NetworkGuardError);
  });
});
