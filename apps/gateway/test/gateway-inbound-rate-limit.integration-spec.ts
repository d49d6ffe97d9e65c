import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

const RATE_LIMIT = 3;

/** The public inbound hook route has no API key, so it is rate-limited per source instead. */
describe('Gateway inbound hooks - per-source rate limit', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness({ RATE_LIMIT_MAX: String(RATE_LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' });
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  const post = (sourceId: string) =>
    fetch(`${harness.url}/api/v1/hooks/inbound/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      body: '{"zen":"Keep it logically awesome."}',
    });

  it('answers 429 with Retry-After once a source exceeds its quota, before the webhook service is called', async () => {
    const flooded = randomUUID();
    for (let i = 0; i < RATE_LIMIT; i++) {
      const response = await post(flooded);
      expect(response.status).not.toBe(429);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(RATE_LIMIT - i - 1));
      await response.arrayBuffer();
    }
    const callsBefore = harness.peer.calls.length;
    const limited = await post(flooded);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMIT.EXCEEDED' });
    expect(harness.peer.calls.length).toBe(callsBefore);

    // Another source has its own quota.
    const other = await post(randomUUID());
    expect(other.status).not.toBe(429);
    await other.arrayBuffer();
  });
});
