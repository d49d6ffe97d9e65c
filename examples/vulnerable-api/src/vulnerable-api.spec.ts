import { RULE_CATALOG } from '@so/analysis-engine';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { shippingSignature } from './auth/authenticate.js';
import { loadManifest } from './manifest.js';
import { startVulnerableApi, type RunningVulnerableApi } from './start-vulnerable-api.js';

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  json: unknown;
}

async function call(
  api: RunningVulnerableApi,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${api.url}${path}`, { ...init, headers });
  const body = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body, json };
}

function noneToken(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('vulnerable Shop API', () => {
  let vulnerable: RunningVulnerableApi;
  let hardened: RunningVulnerableApi;

  beforeAll(async () => {
    vulnerable = await startVulnerableApi();
    hardened = await startVulnerableApi({ hardened: true });
  });
  afterAll(async () => {
    await vulnerable?.close();
    await hardened?.close();
  });

  it('serves the OpenAPI documents kept in the example folder', async () => {
    for (const [api, file] of [
      [vulnerable, 'openapi.json'],
      [hardened, 'openapi.hardened.json'],
    ] as const) {
      const onDisk = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
      // Out of sync? Run: node examples/vulnerable-api/start.mjs --write-openapi
      expect(JSON.parse(api.specText)).toEqual(JSON.parse(onDisk));
      expect((await call(api, '/openapi.json')).json).toEqual(JSON.parse(onDisk));
    }
  });

  it('has a manifest of at least 20 flaws over all ten OWASP categories, each with a known rule', () => {
    const { flaws } = loadManifest();
    const rules = new Map(RULE_CATALOG.map((rule) => [rule.id, rule]));
    expect(flaws.length).toBeGreaterThanOrEqual(20);
    expect(new Set(flaws.map((f) => f.id)).size).toBe(flaws.length);
    expect(new Set(flaws.map((f) => f.owasp)).size).toBe(10);
    for (const flaw of flaws) {
      expect({ id: flaw.id, category: rules.get(flaw.ruleId)?.category }).toEqual({
        id: flaw.id,
        category: flaw.owasp,
      });
      expect({ id: flaw.id, detection: flaw.ruleId.startsWith('spec.') ? 'static' : 'dynamic' }).toEqual({
        id: flaw.id,
        detection: flaw.detection,
      });
    }
  });

  it("lets alice read bob's orders, while the hardened twin answers 404", async () => {
    const bobsOrders = await call(vulnerable, '/users/2/orders', { token: vulnerable.tokens.alice });
    expect(bobsOrders.status).toBe(200);
    expect(bobsOrders.json).toEqual([expect.objectContaining({ userId: 2 }), expect.objectContaining({ userId: 2 })]);
    expect((await call(hardened, '/users/2/orders', { token: hardened.tokens.alice })).status).toBe(404);
    expect((await call(hardened, '/users/2/orders', { token: hardened.tokens.bob })).status).toBe(200);
  });

  it('accepts alg "none" tokens and ignores exp, while the hardened twin refuses both', async () => {
    const forged = noneToken({ sub: '3', exp: 1 });
    expect((await call(vulnerable, '/admin/users', { token: forged })).status).toBe(200);
    expect((await call(hardened, '/users/me', { token: forged })).status).toBe(401);
    expect((await call(hardened, '/users/me', { token: 'not-a-token' })).status).toBe(401);
  });

  it('breaks on a quote in the search term (SQL error with stack) only in the vulnerable build', async () => {
    const broken = await call(vulnerable, `/products/search?q=${encodeURIComponent("x'")}`);
    expect(broken.status).toBe(500);
    expect(broken.body).toContain('SQLITE_ERROR');
    const safe = await call(hardened, `/products/search?q=${encodeURIComponent("x'")}`);
    expect(safe).toMatchObject({ status: 200, json: [] });
    expect(safe.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('binds role from PATCH /users/me in the vulnerable build only', async () => {
    const token = vulnerable.tokens.bob;
    await call(vulnerable, '/users/me', { method: 'PATCH', token, body: JSON.stringify({ role: 'admin' }) });
    expect((await call(vulnerable, '/users/me', { token })).json).toMatchObject({
      role: 'admin',
      passwordHash: expect.any(String),
    });
    await call(vulnerable, '/users/me', { method: 'PATCH', token, body: JSON.stringify({ role: 'user' }) });
    const refused = await call(hardened, '/users/me', {
      method: 'PATCH',
      token: hardened.tokens.bob,
      body: '{"role":"admin"}',
    });
    expect(refused.status).toBe(400);
    expect((await call(hardened, '/users/me', { token: hardened.tokens.bob })).json).toEqual({
      id: 2,
      username: 'bob',
      email: 'bob@shop.example',
      role: 'user',
      displayName: 'Bob',
    });
  });

  it('fetches caller-chosen loopback URLs server-side (SSRF) only in the vulnerable build', async () => {
    const seen: string[] = [];
    const canary = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('pong');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/hello`;
    try {
      const body = JSON.stringify({ url });
      expect(
        (await call(vulnerable, '/webhooks/test', { method: 'POST', token: vulnerable.tokens.alice, body })).json,
      ).toMatchObject({
        delivered: true,
        bodyExcerpt: 'pong',
      });
      expect(
        (await call(hardened, '/webhooks/test', { method: 'POST', token: hardened.tokens.alice, body })).status,
      ).toBe(400);
      expect(seen).toEqual(['/hello']);
    } finally {
      await new Promise<void>((resolve) => canary.close(() => resolve()));
    }
  });

  it('keeps undocumented v1 and debug endpoints only in the vulnerable build', async () => {
    expect((await call(vulnerable, '/v1/users')).status).toBe(200);
    expect((await call(vulnerable, '/debug')).body).toContain('jwtSecret');
    expect((await call(hardened, '/v1/users')).status).toBe(404);
    expect((await call(hardened, '/debug')).status).toBe(404);
  });

  it('rate-limits the hardened twin (429 with Retry-After) and never the vulnerable build', async () => {
    const answers = async (api: RunningVulnerableApi): Promise<Answer[]> => {
      const out: Answer[] = [];
      for (let i = 0; i < 25; i++) out.push(await call(api, '/products?limit=5'));
      return out;
    };
    expect(new Set((await answers(vulnerable)).map((a) => a.status))).toEqual(new Set([200]));
    const limited = await answers(hardened);
    expect(limited.slice(0, 20).every((a) => a.status === 200)).toBe(true);
    expect(limited.at(-1)?.status).toBe(429);
    expect(Number(limited.at(-1)?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('accepts carrier callbacks only with a valid signature in the hardened build', async () => {
    const body = JSON.stringify({ orderId: 3, status: 'shipped' });
    expect((await call(vulnerable, '/integrations/shipping/callback', { method: 'POST', body })).status).toBe(202);
    expect((await call(hardened, '/integrations/shipping/callback', { method: 'POST', body })).status).toBe(401);
    const signed = await call(hardened, '/integrations/shipping/callback', {
      method: 'POST',
      body,
      headers: { 'x-shipping-signature': shippingSignature(body, hardened.shippingSecret) },
    });
    expect(signed.status).toBe(202);
  });

  it('answers bad input with 4xx problem+json in the hardened build, never a 500', async () => {
    const token = hardened.tokens.alice;
    for (const [path, init] of [
      ['/?id=%ZZ', {}],
      ['/orders', { method: 'POST', token, body: '{"productId": 1,' }],
      ['/orders', { method: 'POST', token, body: JSON.stringify({ productId: 1, quantity: 1e9 }) }],
      ['/orders?limit=1000', { token }],
      [`/products/search?q=${'x'.repeat(101)}`, {}],
      ['/orders/abc', { token }],
    ] as const) {
      const answer = await call(hardened, path, init);
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: 'application/problem+json',
      });
    }
    expect((await call(vulnerable, '/?id=%ZZ')).body).toContain('at parseQuery');
  });

  it('binds to loopback only', async () => {
    await expect(startVulnerableApi({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});
