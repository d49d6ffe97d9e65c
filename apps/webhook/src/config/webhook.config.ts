import { baseConfigShape, csv, loadConfig, outboxPruningConfigShape, parseOutboundAllowlist, port, refuseDevSecretsInProduction } from '@so/shared';
import { parseRetrySchedule, STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from '@so/webhook-delivery';
import { z } from 'zod';

/** Development-only key ("dev-only-webhook-secrets-key-32b"): never accepted outside NODE_ENV=development. */
export const DEV_SECRETS_KEY = 'ZGV2LW9ubHktd2ViaG9vay1zZWNyZXRzLWtleS0zMmI=';

const positiveInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

function isSecretsKey(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

// Field-level checks live on the fields so every bad variable is reported in one go; only rules
// that depend on NODE_ENV are cross-field.
export const webhookConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: port(3003),
    // Port 0 is not offered: the gRPC server cannot report the port it would pick.
    GRPC_PORT: port(50053).refine((value) => value > 0, 'must be between 1 and 65535'),
    SECRETS_KEY: z
      .string()
      .optional()
      .transform((value) => value?.trim() || undefined)
      .refine(
        (value) => value === undefined || isSecretsKey(value),
        'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
      ),
    WEBHOOK_ALLOWLIST: csv().superRefine((entries, ctx) => {
      const { invalid } = parseOutboundAllowlist(entries);
      if (invalid.length > 0)
        ctx.addIssue({ code: 'custom', message: `not a host, IP or CIDR: ${invalid.join(', ')}` });
    }),
    WEBHOOK_RETRY_SCHEDULE_MS: z
      .string()
      .default(STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS.join(','))
      .transform((value, ctx) => {
        const schedule = parseRetrySchedule(value);
        if (typeof schedule === 'string') {
          ctx.addIssue({ code: 'custom', message: schedule });
          return z.NEVER;
        }
        return schedule;
      }),
    WEBHOOK_TIMEOUT_MS: positiveInt(15_000, 100, 120_000),
    WEBHOOK_DELIVERY_CONCURRENCY: positiveInt(20, 1, 1000),
    WEBHOOK_ENDPOINT_CONCURRENCY: positiveInt(10, 1, 1000),
    WEBHOOK_DATABASE_POOL_SIZE: positiveInt(20, 2, 200),
    WEBHOOK_BUSY_DELAY_MS: positiveInt(250, 10, 60_000),
    WEBHOOK_DISABLE_AFTER_FAILING_MS: positiveInt(5 * 24 * 3_600_000, 1_000, 365 * 24 * 3_600_000),
    WEBHOOK_FAILURE_WARNING_AFTER: positiveInt(5, 1, 10_000),
    WEBHOOK_RETENTION_MS: positiveInt(30 * 24 * 3_600_000, 1_000, 3650 * 24 * 3_600_000),
    WEBHOOK_CLEANUP_INTERVAL_MS: positiveInt(3_600_000, 100, 7 * 24 * 3_600_000),
    ...outboxPruningConfigShape,
    // Default: twice the attempt timeout plus 30 s (60 s with the default timeout).
    WEBHOOK_CLAIM_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1_000, 'must be between 1000 and 3600000')
      .max(3_600_000, 'must be between 1000 and 3600000')
      .optional(),
  })
  .superRefine((config, ctx) => {
    refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']);
    // A claim that lapses while its attempt is still running would let the sweeper send it again.
    if (config.WEBHOOK_CLAIM_TIMEOUT_MS !== undefined && config.WEBHOOK_CLAIM_TIMEOUT_MS < config.WEBHOOK_TIMEOUT_MS * 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_CLAIM_TIMEOUT_MS'],
        message: `must be at least twice WEBHOOK_TIMEOUT_MS (${config.WEBHOOK_TIMEOUT_MS * 2})`,
      });
    }
    if (config.SECRETS_KEY === undefined && config.NODE_ENV !== 'development') {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRETS_KEY'],
        message: 'is required outside development (32 random bytes, base64)',
      });
    } else if (config.SECRETS_KEY === DEV_SECRETS_KEY && config.NODE_ENV !== 'development') {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRETS_KEY'],
        message: 'the development key may only be used with NODE_ENV=development',
      });
    }
  })
  .transform((config) => ({
    ...config,
    SECRETS_KEY: Buffer.from(config.SECRETS_KEY ?? DEV_SECRETS_KEY, 'base64'),
    WEBHOOK_CLAIM_TIMEOUT_MS: config.WEBHOOK_CLAIM_TIMEOUT_MS ?? config.WEBHOOK_TIMEOUT_MS * 2 + 30_000,
  }));

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  return loadConfig('webhook', webhookConfigSchema, env);
}
