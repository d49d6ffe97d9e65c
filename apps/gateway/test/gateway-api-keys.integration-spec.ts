import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
}

/** API key management through REST on the real gateway and its Postgres; two organisations. */
describe('Gateway REST - API keys', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  let otherOrgKey: string;

  beforeAll(async () => {
    harness = await startGatewayHarness();
    adminKey = (await harness.createOrg()).apiKey.key;
    otherOrgKey = (await harness.createOrg()).apiKey.key;
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  const call = (method: string, path: string, key: string, body?: unknown) =>
    fetch(`${harness.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('issues a scoped key once, lists keys without secrets, and a revoked key stops working at once', async () => {
    const created = await call('POST', '/api/v1/api-keys', adminKey, { name: 'ci pipeline', scopes: ['analyses:read', 'keys:read'] });
    expect(created.status).toBe(201);
    const key = (await created.json()) as CreatedKey;
    expect(key.key).toMatch(/^so_live_[0-9A-Za-z]{32}$/);
    expect(key.scopes).toEqual(['analyses:read', 'keys:read']);

    const listed = await call('GET', '/api/v1/api-keys', key.key);
    expect(listed.status).toBe(200);
    const body = await listed.text();
    expect(body).not.toContain(key.key);
    expect(body).not.toMatch(/"hash"/);
    const items = (JSON.parse(body) as { items: Array<{ id: string; name: string }> }).items;
    expect(items.map((item) => item.name)).toContain('ci pipeline');

    // analyses:read only: writing is forbidden, and so is issuing keys.
    const write = await call('POST', '/api/v1/api-keys', key.key, { name: 'x', scopes: ['analyses:read'] });
    expect(write.status).toBe(403);

    const revoked = await call('DELETE', `/api/v1/api-keys/${key.id}`, adminKey);
    expect(revoked.status).toBe(204);
    expect((await call('GET', '/api/v1/api-keys', key.key)).status).toBe(401);
    // Idempotent, and listed as revoked only on request.
    expect((await call('DELETE', `/api/v1/api-keys/${key.id}`, adminKey)).status).toBe(204);
    const active = (await (await call('GET', '/api/v1/api-keys', adminKey)).json()) as { items: Array<{ id: string }> };
    expect(active.items.map((item) => item.id)).not.toContain(key.id);
    const all = (await (await call('GET', '/api/v1/api-keys?includeRevoked=true', adminKey)).json()) as { items: Array<{ id: string; revokedAt: string | null }> };
    expect(all.items.find((item) => item.id === key.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('never lets a key mint a broader one', async () => {
    const narrow = (await (await call('POST', '/api/v1/api-keys', adminKey, { name: 'key admin', scopes: ['keys:write', 'analyses:read'] })).json()) as CreatedKey;
    const wider = await call('POST', '/api/v1/api-keys', narrow.key, { name: 'escalate', scopes: ['analyses:write'] });
    expect(wider.status).toBe(403);
    expect(await wider.json()).toMatchObject({ code: 'IDENTITY.SCOPE_ESCALATION' });
    const star = await call('POST', '/api/v1/api-keys', narrow.key, { name: 'escalate', scopes: ['*'] });
    expect(star.status).toBe(403);
    // Without a list the new key inherits the caller's scopes, no more.
    const inherited = (await (await call('POST', '/api/v1/api-keys', narrow.key, { name: 'copy' })).json()) as CreatedKey;
    expect(inherited.scopes.sort()).toEqual(['analyses:read', 'keys:write']);
  });

  it("keeps organisations apart: another org's key id is not found", async () => {
    const mine = (await (await call('POST', '/api/v1/api-keys', adminKey, { name: 'mine', scopes: ['analyses:read'] })).json()) as CreatedKey;
    const theirs = await call('DELETE', `/api/v1/api-keys/${mine.id}`, otherOrgKey);
    expect(theirs.status).toBe(404);
    const listedByOther = (await (await call('GET', '/api/v1/api-keys', otherOrgKey)).json()) as { items: Array<{ id: string }> };
    expect(listedByOther.items.map((item) => item.id)).not.toContain(mine.id);
    expect((await call('GET', '/api/v1/api-keys', mine.key)).status).toBe(403); // mine has no keys:read
  });

  it('refuses bad input with problem+json', async () => {
    const unknownScope = await call('POST', '/api/v1/api-keys', adminKey, { name: 'x', scopes: ['root'] });
    expect(unknownScope.status).toBe(400);
    expect(await unknownScope.json()).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'scopes.0' })] });
    const extraField = await call('POST', '/api/v1/api-keys', adminKey, { name: 'x', orgId: 'someone-else' });
    expect(extraField.status).toBe(400);
    const badId = await call('DELETE', '/api/v1/api-keys/123', adminKey);
    expect(badId.status).toBe(400);
    expect(badId.headers.get('content-type')).toContain('application/problem+json');
  });
});
