// Jest globalSetup: one throwaway Postgres + Redis for the whole run. Workers are started after this
// returns and inherit process.env, which is how TEST_DATABASE_URL / TEST_REDIS_URL reach the tests.
import { applyNoNetworkEnv } from '../../scripts/lib/env.mjs';
import { startTestInfra } from '../../scripts/lib/test-infra.mjs';

export default async function globalSetup() {
  applyNoNetworkEnv();
  const started = Date.now();
  const infra = await startTestInfra();
  /** @type {Record<string, unknown>} */ (globalThis).__SO_TEST_INFRA__ = infra;
  process.env.TEST_DATABASE_URL = infra.databaseUrl;
  process.env.TEST_REDIS_URL = infra.redisUrl;
  if (process.env.SO_TEST_VERBOSE_SETUP) {
    process.stderr.write(
      `\ntest infra: Postgres ${infra.databaseUrl} + Redis ${infra.redisUrl} ready in ${Date.now() - started} ms\n`,
    );
  }
}
