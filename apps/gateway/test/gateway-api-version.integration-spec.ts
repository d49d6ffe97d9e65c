import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

/** Path versioning with Accept-Version honoured, on the real gateway. */
describe('Gateway REST - API versions', () => {
  let harness: GatewayHarness;
  let key: string;

  beforeAll(async () => {
    harness = await startGatewayHarness();
    key = (await harness.createOrg()).apiKey.key;
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });

  it('answers with the version of the path, with or without a matching Accept-Version', async () => {
    for (const accept of [undefined, '1', 'v1', '1.0']) {
      const response = await get('/api/v1/api-keys', accept ? { 'accept-version': accept } : {});
      expect(response.status).toBe(200);
      expect(response.headers.get('api-version')).toBe('1');
      expect(response.headers.get('vary')).toContain('accept-version');
      await response.arrayBuffer();
    }
  });

  it('refuses a client written for another version with 406 problem+json naming the supported ones', async () => {
    const newer = await get('/api/v1/api-keys', { 'accept-version': '2' });
    expect(newer.status).toBe(406);
    expect(newer.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await newer.json()) as { code: string; detail: string };
    expect(problem.code).toBe('HTTP.VERSION_NOT_ACCEPTABLE');
    expect(problem.detail).toContain('supported: 1');

    const unreadable = await get('/api/v1/api-keys', { 'accept-version': 'latest' });
    expect(unreadable.status).toBe(406);
    await unreadable.arrayBuffer();
  });

  it('leaves unversioned routes (health, docs) alone', async () => {
    const live = await get('/health/live', { 'accept-version': '7' });
    expect(live.status).toBe(200);
    expect(live.headers.get('api-version')).toBeNull();
    await live.arrayBuffer();
  });
});
