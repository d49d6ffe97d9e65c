import { ConfigValidationError } from '@so/shared';
import { createTestDatabase, freePort, type TestDatabase } from '@so/testing';
import { bootstrapWebhookService } from '../src/bootstrap.js';

describe('Webhook service - boot', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('refuses a bad configuration, naming each variable, before touching anything', async () => {
    const error = await bootstrapWebhookService({
      NODE_ENV: 'production',
      INTERNAL_TOKEN: 'dev-internal-token-change-me',
      WEBHOOK_ALLOWLIST: 'not a host',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual([
      'WEBHOOK_ALLOWLIST: not a host, IP or CIDR: not a host',
      'INTERNAL_TOKEN: must be set to a real secret in production',
      'SECRETS_KEY: is required outside development (32 random bytes, base64)',
    ]);
  });

  it('fails fast, and cleans up, when Redis is unreachable', async () => {
    const started = Date.now();
    await expect(
      bootstrapWebhookService({
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        HTTP_PORT: '0',
        GRPC_PORT: String(await freePort()),
      }),
    ).rejects.toThrow(/did not answer within 5000 ms/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
