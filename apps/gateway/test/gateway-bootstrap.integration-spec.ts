import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from '@so/shared';
import { createTestDatabase, freePort, testRedisUrl, type TestDatabase } from '@so/testing';
import { bootstrapGatewayService } from '../src/bootstrap.js';
import { INTERNAL_TOKEN } from './testing/gateway-harness.js';
import { startPlatformSubgraphs, type SubgraphDouble } from './testing/subgraph-double.js';

const BOOTSTRAP_KEY = 'so_live_GatewayBoot0123456789abcdefghijk';

/** bootstrapGatewayService itself: restarts, failures at boot, close(). */
describe('Gateway bootstrap', () => {
  let database: TestDatabase;
  let subgraphs: Record<string, SubgraphDouble>;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    subgraphs = await startPlatformSubgraphs(INTERNAL_TOKEN);
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      INTERNAL_TOKEN,
      BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
      ANALYSIS_GRAPHQL_URL: subgraphs.analysis.url,
      INTEGRATION_GRAPHQL_URL: subgraphs.integration.url,
      WEBHOOK_GRAPHQL_URL: subgraphs.webhook.url,
      SUBGRAPH_WAIT_SECONDS: '5',
    };
  }, 30_000);
  afterAll(async () => {
    for (const subgraph of Object.values(subgraphs ?? {})) await subgraph.close();
    await database?.drop();
  });

  const tokenWorks = async (url: string) =>
    (
      await fetch(`${url}/api/v1/realtime/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BOOTSTRAP_KEY}` },
      })
    ).status;

  it('Bootstrap key - works after boot and after a restart on the same database', async () => {
    const previous = process.env.APOLLO_TELEMETRY_DISABLED;
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    const first = await bootstrapGatewayService(env);
    try {
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
      expect(await tokenWorks(first.httpUrl)).toBe(201);
    } finally {
      await first.close();
      process.env.APOLLO_TELEMETRY_DISABLED = previous;
    }
    await expect(fetch(`${first.httpUrl}/health/live`)).rejects.toThrow();

    const second = await bootstrapGatewayService(env);
    try {
      expect(await tokenWorks(second.httpUrl)).toBe(201);
    } finally {
      await Promise.all([second.close(), second.close()]);
    }
  }, 30_000);

  it('Config - a bad environment is refused with every problem, without exiting the process', async () => {
    const error = await bootstrapGatewayService({ ...env, HTTP_PORT: 'eighty', REDIS_URL: 'http://redis' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toHaveLength(2);
  });

  it('Postgres down - boot fails with a clear line that hides the password', async () => {
    const port = await freePort();
    const error = (await bootstrapGatewayService({
      ...env,
      DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${port}/x`,
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`cannot connect to Postgres at postgres://postgres:***@127.0.0.1:${port}/x`);
    expect(error.message).not.toContain('hunter2');
  });

  it('Redis down - boot fails with a clear line instead of hanging', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = (await bootstrapGatewayService({ ...env, REDIS_URL: `redis://127.0.0.1:${port}` }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);
});
