import { baseConfigShape, csv, loadConfig, outboxPruningConfigShape, parseOutboundAllowlist, port, refuseDevSecretsInProduction } from '@so/shared';
import { z } from 'zod';

/** Development-only key (base64 of a well-known 32-byte string); refused when NODE_ENV=production. */
const DEV_SECRETS_KEY = Buffer.from('dev-secrets-key-do-not-use-prod!', 'utf8').toString('base64');

const count = (fallback: number, min: number, max: number) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);

const secretsKey = () =>
  z
    .string()
    .default(DEV_SECRETS_KEY)
    .transform((value, ctx) => {
      const key = Buffer.from(value, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)' });
        return z.NEVER;
      }
      return key;
    });

export const integrationConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: port(3002),
    // A fixed port: gRPC peers are configured with it, and the server does not report a random one back.
    GRPC_PORT: port(50052).refine((value) => value > 0, 'must be between 1 and 65535'),
    SECRETS_KEY: secretsKey(),
    /** Hosts/CIDRs connectors may reach although private or loopback (e.g. an on-premises tracker). */
    INTEGRATION_ALLOWLIST: csv(),
    CONNECTOR_TIMEOUT_MS: count(10_000, 100, 120_000),
    DISPATCH_MAX_ATTEMPTS: count(8, 1, 50),
    DISPATCH_RETRY_BASE_MS: count(5_000, 10, 3_600_000),
    DISPATCH_CONCURRENCY: count(8, 1, 256),
    BREAKER_FAILURE_THRESHOLD: count(5, 1, 1_000),
    BREAKER_COOLDOWN_MS: count(60_000, 100, 86_400_000),
    ...outboxPruningConfigShape,
  })
  .superRefine((config, ctx) => {
    refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']);
    const invalid = parseOutboundAllowlist(config.INTEGRATION_ALLOWLIST).invalid;
    if (invalid.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['INTEGRATION_ALLOWLIST'], message: `not a host, wildcard host, IP or CIDR: ${invalid.join(', ')}` });
    }
    if (config.NODE_ENV === 'production' && config.SECRETS_KEY.equals(Buffer.from(DEV_SECRETS_KEY, 'base64'))) {
      ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'must be set to a real key in production' });
    }
  });

export type IntegrationConfig = z.infer<typeof integrationConfigSchema>;

export function loadIntegrationConfig(env: NodeJS.ProcessEnv): IntegrationConfig {
  return loadConfig('integration', integrationConfigSchema, env);
}
