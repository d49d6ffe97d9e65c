import { baseConfigShape, csv, loadConfig, outboxPruningConfigShape, port, refuseDevSecretsInProduction } from '@so/shared';
import { z } from 'zod';
import { aiAnalysisConfigShape } from './ai-analysis.config.js';

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`must be a whole number between ${min} and ${max}`)
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

export const analysisConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: port(3001),
    // The gRPC server does not report the port it bound, so peers need a fixed one.
    GRPC_PORT: port(50051).refine((value) => value !== 0, 'must be a fixed port (0 is not supported for gRPC)'),
    /** Analyses this process runs at once; 0 = no worker here (API-only replica). */
    ANALYSIS_WORKER_CONCURRENCY: wholeNumber('ANALYSIS_WORKER_CONCURRENCY', 0, 64, 4),
    /** Hosts / CIDRs the scanner may reach although private or loopback, comma-separated. */
    TARGET_ALLOWLIST: csv(),
    /** `noop` runs the job pipeline without probing (job-bus benchmark). */
    ANALYSIS_ENGINE: z.enum(['real', 'noop'], { message: 'must be real or noop' }).default('real'),
    /** Least milliseconds between two progress writes of one analysis. */
    ANALYSIS_PROGRESS_INTERVAL_MS: wholeNumber('ANALYSIS_PROGRESS_INTERVAL_MS', 0, 60_000, 500),
    DATABASE_POOL_SIZE: wholeNumber('DATABASE_POOL_SIZE', 1, 200, 10),
    ...aiAnalysisConfigShape,
    ...outboxPruningConfigShape,
  })
  .superRefine((config, ctx) => refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']));

export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;

/** Validates the environment; throws ConfigValidationError naming every bad variable. */
export function loadAnalysisConfig(env: NodeJS.ProcessEnv): AnalysisConfig {
  return loadConfig('analysis', analysisConfigSchema, env);
}
