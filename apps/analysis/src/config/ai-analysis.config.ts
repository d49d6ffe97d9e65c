import type { AiAnalyzerSettings } from '@so/analysis-engine';
import { csv, url } from '@so/shared';
import { z } from 'zod';

const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int(`must be a whole number between ${min} and ${max}`)
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

/** An unset or empty variable means "not configured". */
const optional = <T extends z.ZodType>(field: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), field.optional());

/**
 * The OpenAI-compatible endpoint behind `enable_ai_analysis`. Without AI_ANALYSIS_URL the analyzer
 * is off whatever an analysis asks; with it, only analyses that ask send anything.
 */
export const aiAnalysisConfigShape = {
  /** Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 (requests go to <url>/chat/completions). */
  AI_ANALYSIS_URL: optional(url(['http', 'https'])),
  AI_ANALYSIS_API_KEY: z.string().default(''),
  AI_ANALYSIS_MODEL: z.string().min(1, 'must not be empty').default('gpt-4o-mini'),
  AI_ANALYSIS_TIMEOUT_MS: count(100, 300_000, 30_000),
  AI_ANALYSIS_CONCURRENCY: count(1, 32, 2),
  /** Critical and high findings assessed per analysis at most. */
  AI_ANALYSIS_MAX_FINDINGS: count(0, 500, 20),
  /** Hosts / CIDRs the endpoint may resolve to although private or loopback (like TARGET_ALLOWLIST). */
  AI_ANALYSIS_ALLOWLIST: csv(),
};

type AiAnalysisConfig = z.infer<z.ZodObject<typeof aiAnalysisConfigShape>>;

export function aiAnalyzerSettings(config: AiAnalysisConfig): AiAnalyzerSettings | undefined {
  if (!config.AI_ANALYSIS_URL) return undefined;
  return {
    baseUrl: config.AI_ANALYSIS_URL,
    apiKey: config.AI_ANALYSIS_API_KEY,
    model: config.AI_ANALYSIS_MODEL,
    timeoutMs: config.AI_ANALYSIS_TIMEOUT_MS,
    concurrency: config.AI_ANALYSIS_CONCURRENCY,
    maxFindings: config.AI_ANALYSIS_MAX_FINDINGS,
    allowList: config.AI_ANALYSIS_ALLOWLIST,
  };
}
