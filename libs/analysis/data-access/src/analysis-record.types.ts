import type { FindingSeverity } from './analysis-status.js';

/** Options an analysis runs with, stored as `analyses.config` (jsonb). */
export interface AnalysisConfigRecord {
  deepScan: boolean;
  maxDepth: number;
  vulnerabilityTypes: string[];
  enableAiAnalysis: boolean;
  timeoutSeconds: number;
}

/** Result metrics, stored as `analyses.metrics` (jsonb) once the analysis completed. */
export interface AnalysisMetricsRecord {
  totalFindings: number;
  bySeverity: Record<FindingSeverity, number>;
  operationsDeclared: number;
  operationsCovered: number;
  score: number;
  durationMs: number;
  warnings: string[];
}

/** Where a finding was seen (`findings.location`, jsonb); mirrors the engine's FindingLocation. */
export interface FindingLocationRecord {
  url?: string;
  method?: string;
  pointer?: string;
  line?: number;
  column?: number;
  others?: Array<Omit<FindingLocationRecord, 'others'>>;
}

/** Request/response excerpt proving a finding (`findings.evidence`, jsonb). */
export interface FindingEvidenceRecord {
  request: string;
  response: string;
}
