// Jest globalTeardown: runs after the last test file, also when tests failed.
import { stopTestInfra } from '../../scripts/lib/test-infra.mjs';

export default async function globalTeardown() {
  const infra = /** @type {import('../../scripts/lib/test-infra.mjs').TestInfra | undefined} */ (
    /** @type {Record<string, unknown>} */ (globalThis).__SO_TEST_INFRA__
  );
  if (!infra) return;
  await stopTestInfra(infra);
  delete (/** @type {Record<string, unknown>} */ (globalThis).__SO_TEST_INFRA__);
}
