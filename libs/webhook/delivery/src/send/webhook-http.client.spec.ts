import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundAddressGuard, OutboundRefusedError, type VettedOutboundAddress } from '@so/shared';
import { RESPONSE_BODY_LIMIT_BYTES, WebhookHttpClient } from './webhook-http.client.js';

interface Hit {
  host: string;
  path: string;
}

async function serve(
  host: string,
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return { server, port: (server.address() as AddressInfo).port };
}

describe(WebhookHttpClient.name, () => {
  const hits: Hit[] = [];
  const servers: Server[] = [];
  let port = 0;
  let client: WebhookHttpClient;

  beforeAll(async () => {
    const primary = await serve('127.0.0.1', (req, res) => {
      hits.push({ host: '127.0.0.1', path: req.url ?? '' });
      req.resume();
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(RESPONSE_BODY_LIMIT_BYTES * 5));
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/landing' });
        res.end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2_000).unref();
      } else {
        res.writeHead(201, { 'set-cookie': ['a=1', 'b=2'] });
        res.end('created \u0000 ok');
      }
    });
    servers.push(primary.server);
    port = primary.port;
    // Same port on another loopback address: where a rebinding answer would lead.
    const rebound = createServer((req, res) => {
      hits.push({ host: '127.0.0.2', path: req.url ?? '' });
      res.end('rebound');
    });
    await new Promise<void>((resolve, reject) => {
      rebound.once('error', reject);
      rebound.listen(port, '127.0.0.2', () => resolve());
    });
    servers.push(rebound);
    client = new WebhookHttpClient(new OutboundAddressGuard(['127.0.0.1'], 'WEBHOOK_ALLOWLIST'), 500);
  });

  afterAll(async () => {
    await client.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  beforeEach(() => hits.splice(0));

  it('posts and returns status, flattened headers and a NUL-free body', async () => {
    const response = await client.post(`http://127.0.0.1:${port}/ok`, '{"a":1}', {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(201);
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(response.body).toBe('created  ok');
  });

  it('reads at most 20 KB of the response', async () => {
    const response = await client.post(`http://127.0.0.1:${port}/big`, '{}', {});
    expect(response.status).toBe(200);
    expect(Buffer.byteLength(response.body)).toBe(RESPONSE_BODY_LIMIT_BYTES);
  });

  it('does not follow redirects', async () => {
    const response = await client.post(`http://127.0.0.1:${port}/redirect`, '{}', {});
    expect(response.status).toBe(302);
    expect(hits.map((hit) => hit.path)).toEqual(['/redirect']);
  });

  it('gives up on a slow endpoint within the timeout', async () => {
    const started = Date.now();
    await expect(client.post(`http://127.0.0.1:${port}/slow`, '{}', {})).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses a non-allow-listed address before connecting', async () => {
    await expect(client.post(`http://127.0.0.2:${port}/ok`, '{}', {})).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(hits).toEqual([]);
  });

  it('connects to the vetted address even when DNS answers differently at connect time', async () => {
    let calls = 0;
    const rebinding = async (): Promise<VettedOutboundAddress[]> => [
      { address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 },
    ];
    const pinned = new WebhookHttpClient(new OutboundAddressGuard(['127.0.0.1'], 'WEBHOOK_ALLOWLIST', rebinding, 60_000), 500);
    try {
      const response = await pinned.post(`http://partner.test:${port}/ok`, '{}', {});
      expect(response.status).toBe(201);
      expect(hits).toEqual([{ host: '127.0.0.1', path: '/ok' }]);
    } finally {
      await pinned.close();
    }
  });

  it('vets the connect-time answer again when the vetted one expired, so rebinding is refused', async () => {
    let calls = 0;
    const rebinding = async (): Promise<VettedOutboundAddress[]> => [
      { address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 },
    ];
    const unpinned = new WebhookHttpClient(new OutboundAddressGuard(['127.0.0.1'], 'WEBHOOK_ALLOWLIST', rebinding, 0), 500);
    try {
      const error = await unpinned.post(`http://rebind.test:${port}/ok`, '{}', {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutboundRefusedError);
      expect(hits).toEqual([]);
    } finally {
      await unpinned.close();
    }
  });
});
