import {
  runAnalysis,
  runNoopAnalysis,
  type AnalysisInput,
  type EngineOptions,
  type EngineResult,
} from '@so/analysis-engine';

/** What the worker needs from the engine; a provider so benchmarks can swap in the no-op engine. */
export interface AnalysisEngine {
  run(input: AnalysisInput, options: EngineOptions): Promise<EngineResult>;
}

/** Nest provider token of the AnalysisEngine. */
export const ANALYSIS_ENGINE = 'ANALYSIS_ENGINE';

export type AnalysisEngineKind = 'real' | 'noop';

/** `noop` runs the whole job pipeline without probing anything (job-bus benchmark). */
export function createAnalysisEngine(kind: AnalysisEngineKind): AnalysisEngine {
  return { run: kind === 'noop' ? runNoopAnalysis : runAnalysis };
}
