export { createTestDatabase, testDatabaseAdminUrl, type TestDatabase } from './database/test-database.js';
export { createTestRedisPrefix, testRedisUrl, TEST_REDIS_DATABASES } from './redis/test-redis.js';
export { leaseTestRedis, type TestRedisLease } from './redis/test-redis-lease.js';
export { openPrefixedTestRedis, type PrefixedTestRedis } from './redis/prefixed-test-redis.js';
export { openUnreachableTestRedis } from './redis/unreachable-test-redis.js';
export { freePort } from './net/free-port.js';
export { isLoopbackHost } from './net/loopback.js';
export {
  installDnsGuard,
  installNetworkGuard,
  isNetworkGuardInstalled,
  NetworkGuardError,
} from './net/network-guard.js';
export { startHttpServer, type TestHttpServer } from './http/test-http-server.js';
export {
  startFakeChatCompletions,
  type ChatCompletionsCall,
  type ChatCompletionsReply,
  type FakeChatCompletionsServer,
} from './http/fake-chat-completions.js';
export { waitFor } from './wait-for.js';
export { sarifSchemaErrors, SARIF_SCHEMA_PATH } from './sarif/sarif-schema.js';
