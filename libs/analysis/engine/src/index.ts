export type * from './engine.types.js';
export { runAnalysis, runNoopAnalysis } from './run-analysis.js';
export {
  AnalysisAbortedError,
  AnalysisEngineError,
  AnalysisTimeoutError,
  InvalidOptionsError,
  InvalidSpecError,
  InvalidTargetError,
  TargetNotAllowedError,
  TargetUnreachableError,
} from './errors/engine.errors.js';
export { TargetPolicy, assertTargetAllowed } from './target/target-policy.js';
export type { HostResolver, VettedTarget } from './target/target-policy.js';
export { computeScore, SEVERITY_WEIGHTS } from './scoring/compute-score.js';
export { fingerprintOf } from './rules/fingerprint.js';
export { RULE_CATALOG } from './rules/rule-catalog.js';
export type { RuleMeta } from './rules/rule.types.js';
export { OWASP_API_CATEGORIES, owaspCategoryName } from './owasp-categories.js';
export * from './ai/index.js';
