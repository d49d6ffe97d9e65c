import { startLocalServer } from '../testing/local-server.js';
import { ProbeClient } from './probe-client.js';

describe(ProbeClient.name, () => {
  it('connects to the vetted address whatever the host name resolves to now', async () => {
    const server = await startLocalServer((_req, res) => res.end('pinned'));
    const target = {
      // Not resolvable at all: only the pinned lookup can make this request reach the server.
      url: new URL(`http://rebind.invalid:${server.port}/base`),
      hostname: 'rebind.invalid',
      address: '127.0.0.1',
      family: 4 as const,
      loopback: true,
    };
    const client = new ProbeClient(target, new AbortController().signal);
    try {
      const exchange = await client.send({ method: 'GET', path: '/x?y=1' });
      expect(exchange.response.body).toBe('pinned');
      expect(server.requests[0]).toMatchObject({ url: '/base/x?y=1' });
      expect(server.requests[0]?.headers.host).toBe(`rebind.invalid:${server.port}`);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('does not follow redirects and caps the body it reads', async () => {
    const server = await startLocalServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else res.end('x'.repeat(200_000));
    });
    const target = {
      url: new URL(server.url),
      hostname: '127.0.0.1',
      address: '127.0.0.1',
      family: 4 as const,
      loopback: true,
    };
    const client = new ProbeClient(target, new AbortController().signal, {
      requestTimeoutMs: 2000,
      maxBodyBytes: 1024,
      maxSockets: 2,
    });
    try {
      const redirect = await client.send({ method: 'GET', path: '/redirect' });
      expect(redirect.response.status).toBe(302);
      expect(server.requests).toHaveLength(1);
      const big = await client.send({ method: 'GET', path: '/big' });
      expect(big.response.body).toHaveLength(1024);
      expect(big.response.truncated).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('gives up on a silent server after the per-request timeout', async () => {
    const server = await startLocalServer(() => undefined);
    const target = {
      url: new URL(server.url),
      hostname: '127.0.0.1',
      address: '127.0.0.1',
      family: 4 as const,
      loopback: true,
    };
    const client = new ProbeClient(target, new AbortController().signal, {
      requestTimeoutMs: 100,
      maxBodyBytes: 1024,
      maxSockets: 1,
    });
    try {
      await expect(client.send({ method: 'GET', path: '' })).rejects.toThrow(/timeout|aborted/i);
      await expect(client.trySend({ method: 'GET', path: '' })).resolves.toBeUndefined();
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('ProbeClient.urlFor', () => {
  const client = new ProbeClient(
    {
      url: new URL('http://127.0.0.1:8080/api/'),
      hostname: '127.0.0.1',
      address: '127.0.0.1',
      family: 4,
      loopback: true,
    },
    new AbortController().signal,
  );
  afterAll(() => client.close());

  it('keeps the target base path and never lets a path change the host', () => {
    expect(client.urlFor('/users').toString()).toBe('http://127.0.0.1:8080/api/users');
    expect(client.urlFor('?q=1').toString()).toBe('http://127.0.0.1:8080/api/?q=1');
    expect(client.urlFor('//evil.example/x').host).toBe('127.0.0.1:8080');
  });
});
