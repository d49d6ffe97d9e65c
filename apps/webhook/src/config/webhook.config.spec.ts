import { ConfigValidationError } from '@so/shared';
import { randomBytes } from 'node:crypto';
import { DEV_SECRETS_KEY, loadWebhookConfig } from './webhook.config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadWebhookConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe('webhook config', () => {
  const key = randomBytes(32).toString('base64');

  it('has working development defaults', () => {
    const config = loadWebhookConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 3003,
      GRPC_PORT: 50053,
      WEBHOOK_ALLOWLIST: [],
      WEBHOOK_TIMEOUT_MS: 15_000,
      WEBHOOK_DELIVERY_CONCURRENCY: 20,
      WEBHOOK_RETRY_SCHEDULE_MS: [
        0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
      ],
    });
    expect(config.SECRETS_KEY.equals(Buffer.from(DEV_SECRETS_KEY, 'base64'))).toBe(true);
  });

  it('parses the webhook variables', () => {
    const config = loadWebhookConfig({
      NODE_ENV: 'test',
      SECRETS_KEY: key,
      WEBHOOK_ALLOWLIST: '127.0.0.1, 10.0.0.0/8, hooks.internal, *.corp.example',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,100,200',
      WEBHOOK_TIMEOUT_MS: '2500',
      WEBHOOK_DELIVERY_CONCURRENCY: '4',
    });
    expect(config.SECRETS_KEY).toHaveLength(32);
    expect(config.WEBHOOK_ALLOWLIST).toEqual(['127.0.0.1', '10.0.0.0/8', 'hooks.internal', '*.corp.example']);
    expect(config.WEBHOOK_RETRY_SCHEDULE_MS).toEqual([0, 100, 200]);
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(2500);
    expect(config.WEBHOOK_DELIVERY_CONCURRENCY).toBe(4);
    // Default claim timeout: twice the attempt timeout plus 30 s.
    expect(config.WEBHOOK_CLAIM_TIMEOUT_MS).toBe(35_000);
  });

  it('refuses a claim timeout shorter than twice the attempt timeout', () => {
    expect(
      problems({ NODE_ENV: 'test', SECRETS_KEY: key, WEBHOOK_TIMEOUT_MS: '5000', WEBHOOK_CLAIM_TIMEOUT_MS: '9000' }),
    ).toEqual(['WEBHOOK_CLAIM_TIMEOUT_MS: must be at least twice WEBHOOK_TIMEOUT_MS (10000)']);
    expect(
      loadWebhookConfig({ NODE_ENV: 'test', SECRETS_KEY: key, WEBHOOK_TIMEOUT_MS: '5000', WEBHOOK_CLAIM_TIMEOUT_MS: '10000' })
        .WEBHOOK_CLAIM_TIMEOUT_MS,
    ).toBe(10_000);
  });

  it('requires SECRETS_KEY outside development and refuses the development key there', () => {
    expect(problems({ NODE_ENV: 'production', INTERNAL_TOKEN: 'a-real-internal-token-123' })).toEqual([
      'SECRETS_KEY: is required outside development (32 random bytes, base64)',
    ]);
    expect(problems({ NODE_ENV: 'test', SECRETS_KEY: DEV_SECRETS_KEY })).toEqual([
      'SECRETS_KEY: the development key may only be used with NODE_ENV=development',
    ]);
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        SECRETS_KEY: 'c2hvcnQ=',
        WEBHOOK_ALLOWLIST: '10.0.0.0/99,ok.example,bad host',
        WEBHOOK_RETRY_SCHEDULE_MS: '0,soon',
        WEBHOOK_TIMEOUT_MS: '5',
        WEBHOOK_DELIVERY_CONCURRENCY: 'many',
        GRPC_PORT: '0',
      }),
    ).toEqual([
      'GRPC_PORT: must be between 1 and 65535',
      'SECRETS_KEY: must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
      'WEBHOOK_ALLOWLIST: not a host, IP or CIDR: 10.0.0.0/99, bad host',
      'WEBHOOK_RETRY_SCHEDULE_MS: "soon" is not a whole number of milliseconds',
      'WEBHOOK_TIMEOUT_MS: must be between 100 and 120000',
      'WEBHOOK_DELIVERY_CONCURRENCY: must be a number',
    ]);
  });
});
