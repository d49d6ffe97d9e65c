import { baseConfigShape, loadConfig, port, refuseDevSecretsInProduction } from '@so/shared';
import { z } from 'zod';

/** Development-only key (base64 of a well-known 32-byte string); refused when NODE_ENV=production. */
const DEV_SECRETS_KEY = Buffer.from('dev-secrets-key-do-not-use-prod!', 'utf8').toString('base64');

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
  })
  .superRefine((config, ctx) => {
    refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']);
    if (config.NODE_ENV === 'production' && config.SECRETS_KEY.equals(Buffer.from(DEV_SECRETS_KEY, 'base64'))) {
      ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'must be set to a real key in production' });
    }
  });

export type IntegrationConfig = z.infer<typeof integrationConfigSchema>;

export function loadIntegrationConfig(env: NodeJS.ProcessEnv): IntegrationConfig {
  return loadConfig('integration', integrationConfigSchema, env);
}
