import type { AnalysisStatus, FindingSeverity, FindingStatus, ScoreTrendPoint } from '@so/analysis-data-access';

export interface CountView<K extends string> {
  key: K;
  count: number;
}

/** A project's dashboard: analyses by status, the latest completed analysis' findings, the score trend. */
export interface DashboardMetricsView {
  projectKey: string;
  totalAnalyses: number;
  /** Every status, zero included, in lifecycle order. */
  analysesByStatus: Array<CountView<AnalysisStatus>>;
  latestAnalysisId: string | null;
  latestScore: number | null;
  /** Findings of the latest completed analysis (the project's current exposure). */
  totalFindings: number;
  /** Every severity, zero included, most severe first. */
  findingsBySeverity: Array<CountView<FindingSeverity>>;
  /** Every triage status, zero included. */
  findingsByStatus: Array<CountView<FindingStatus>>;
  /** Categories that have findings, most findings first. */
  findingsByCategory: Array<CountView<string>>;
  /** Completed analyses, oldest first. */
  trend: ScoreTrendPoint[];
}
