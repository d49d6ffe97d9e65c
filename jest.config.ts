/** @jest-config-loader ts-node */
/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc as never },
  moduleNameMapper: {
    '^@so/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@so/shared$': '<rootDir>/libs/shared/src/index.ts',
    '^@so/gateway-identity$': '<rootDir>/libs/gateway/identity/src/index.ts',
    '^@so/gateway-auth$': '<rootDir>/libs/gateway/auth/src/index.ts',
    '^@so/gateway-grpc$': '<rootDir>/libs/gateway/grpc-clients/src/index.ts',
    '^@so/gateway-rest$': '<rootDir>/libs/gateway/rest/src/index.ts',
    '^@so/gateway-grpc-public$': '<rootDir>/libs/gateway/grpc-public/src/index.ts',
    '^@so/gateway-federation$': '<rootDir>/libs/gateway/federation/src/index.ts',
    '^@so/gateway-subscriptions$': '<rootDir>/libs/gateway/subscriptions/src/index.ts',
    '^@so/webhook-data-access$': '<rootDir>/libs/webhook/data-access/src/index.ts',
    '^@so/webhook-common$': '<rootDir>/libs/webhook/common/src/index.ts',
    '^@so/webhook-endpoints$': '<rootDir>/libs/webhook/endpoints/src/index.ts',
    '^@so/webhook-delivery$': '<rootDir>/libs/webhook/delivery/src/index.ts',
    '^@so/webhook-inbound$': '<rootDir>/libs/webhook/inbound/src/index.ts',
    '^@so/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@so/analysis-engine$': '<rootDir>/libs/analysis/engine/src/index.ts',
    '^@so/analysis-reports$': '<rootDir>/libs/analysis/reports/src/index.ts',
    '^@so/notification-realtime$': '<rootDir>/libs/notification/realtime/src/index.ts',
    '^@so/integration-data-access$': '<rootDir>/libs/integration/data-access/src/index.ts',
    '^@so/integration-connectors$': '<rootDir>/libs/integration/connectors/src/index.ts',
    '^@so/integration-dispatch$': '<rootDir>/libs/integration/dispatch/src/index.ts',
    '^@so/integration-events$': '<rootDir>/libs/integration/events/src/index.ts',
    '^@so/integration-graphql$': '<rootDir>/libs/integration/graphql/src/index.ts',
    '^@so/integration-management$': '<rootDir>/libs/integration/management/src/index.ts',
    '^@so/analysis-data-access$': '<rootDir>/libs/analysis/data-access/src/index.ts',
    '^@so/analysis-feature$': '<rootDir>/libs/analysis/feature/src/index.ts',
    '^@so/analysis-api$': '<rootDir>/libs/analysis/api/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts', '<rootDir>/**/*.integration-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/.data/'],
  // Keep jest's file crawler out of build output and the Postgres/Redis data folders.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  // One throwaway Postgres + Redis per run (TEST_DATABASE_URL / TEST_REDIS_URL); see test/setup/.
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  // Fails any connection to a non-loopback address (and DNS queries) in every test file.
  setupFiles: ['<rootDir>/test/setup/network-guard.ts'],
  // Jest's 5 s default is about the time a real scan or a service round trip takes on a busy 2-core
  // CI machine; tests that need longer still say so themselves.
  testTimeout: 30_000,
  // Each test file leaves its module graph behind in the worker (ESM under vm modules); by the end of a
  // run a worker held over 2 GB, and freeing that at exit took longer than jest's 500 ms grace period
  // ("A worker process has failed to exit gracefully"). A worker past this size after a file is
  // replaced by a fresh one.
  workerIdleMemoryLimit: '1GB',
};
export default config;
