import type { FindingSeverity, FindingStatus } from './analysis-status.js';

/** Whether a finding was already reported by the previous analysis of the same subject. */
export type FindingOccurrence = 'new' | 'recurring';

export const FINDING_OCCURRENCES: readonly FindingOccurrence[] = ['new', 'recurring'];

/** What the optional AI analyzer said about a finding (`findings.ai_assessment`, jsonb). */
export interface AiAssessmentRecord {
  /** Plain-language explanation of the risk and the fix, for the people triaging. */
  explanation: string;
  /** 1 (fix first) to 5 (can wait); ranks findings across severities. */
  priority: number;
  /** The model that answered. */
  model: string;
  /** ISO 8601. */
  assessedAt: string;
}

/** A finding of the previous analysis that the current one no longer reports. */
export interface FixedFindingRecord {
  /** The finding's id in the previous analysis. */
  findingId: string;
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: FindingSeverity;
  category: string;
}

/** How a completed analysis compares with the previous completed analysis of the same subject. */
export interface AnalysisComparisonRecord {
  analysisId: string;
  /** Null for the first analysis of its subject: everything is new. */
  previousAnalysisId: string | null;
  newCount: number;
  remainingCount: number;
  fixedCount: number;
  fixed: FixedFindingRecord[];
}

/** A person's triage decision on a finding. */
export interface FindingTriage {
  status: FindingStatus;
  reason: string | null;
  /** Principal (API key id) that made the change. */
  changedBy: string;
}
