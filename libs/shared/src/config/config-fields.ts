import { z } from 'zod';

/** Reusable zod fields for environment variables (all arrive as strings). */
export const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

export const url = (protocols: string[], fallback?: string) => {
  const field = z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.join(' or ')} URL` },
  );
  return fallback === undefined ? field : field.default(fallback);
};

/** `host:port` of a gRPC peer. */
export const hostPort = (fallback: string) =>
  z
    .string()
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port')
    .default(fallback);

/** Comma-separated list; empty string gives an empty list. */
export const csv = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );

export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const nodeEnv = () => z.enum(['development', 'test', 'production']).default('development');

/**
 * A secret that may default only outside production, so a dev start needs no setup but a
 * production deploy can never run on a well-known key.
 */
export const secret = (name: string, devFallback: string) =>
  z.string().min(16, `${name} must be at least 16 characters`).default(devFallback);

/** Base fields every service shares. */
export const baseConfigShape = {
  NODE_ENV: nodeEnv(),
  LOG_LEVEL: logLevel(),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres:postgres@127.0.0.1:5432/security_orchestrator'),
  REDIS_URL: url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  INTERNAL_TOKEN: secret('INTERNAL_TOKEN', 'dev-internal-token-change-me'),
};

/** Refuses development defaults for secrets when NODE_ENV=production. */
export function refuseDevSecretsInProduction(
  config: { NODE_ENV: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
  names: string[],
): void {
  if (config.NODE_ENV !== 'production') return;
  for (const name of names) {
    const value = config[name];
    if (typeof value === 'string' && value.startsWith('dev-')) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'must be set to a real secret in production' });
    }
  }
}
