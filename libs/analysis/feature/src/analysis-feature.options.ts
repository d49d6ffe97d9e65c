import type { AiAnalyzerSettings } from '@so/analysis-engine';

/** Runtime settings of the analysis feature, mapped from the app's validated config. */
export interface AnalysisFeatureOptions {
  /** Hosts / CIDRs the scanner may reach although private or loopback (TARGET_ALLOWLIST). */
  targetAllowList: string[];
  /** Analyses run at once by this process; 0 = this process runs no worker (API-only replica). */
  workerConcurrency: number;
  /** Least time between two progress writes (row update + `analysis.progress` event) of one analysis. */
  progressIntervalMs: number;
  /** PENDING analyses older than this when a worker starts are queued again (their job may be lost). */
  requeuePendingAfterMs: number;
  /** The OpenAI-compatible endpoint for `enable_ai_analysis`; undefined = not configured, never called. */
  aiAnalysis?: AiAnalyzerSettings;
}

export const ANALYSIS_FEATURE_OPTIONS = 'ANALYSIS_FEATURE_OPTIONS';

/** The shared command connection (BullMQ queue, publishes, health pings). */
export const ANALYSIS_REDIS = 'ANALYSIS_REDIS';
