import type { AnalysisMetricsResult, EngineFinding, RuleMeta } from '@so/analysis-engine';

/** The program that produced the findings, as it should appear in reports (SARIF `tool.driver`). */
export interface ReportTool {
  name: string;
  version: string;
  /** Home page or docs; SARIF `informationUri`. */
  informationUri?: string;
}

/** What was analysed and when. Timestamps are ISO 8601 strings or Dates; both render as UTC ISO. */
export interface ReportAnalysis {
  id?: string;
  /** Live base URL that was probed. */
  target?: string;
  /**
   * Where the OpenAPI document came from: a path relative to the repository root (preferred, SARIF
   * points code-scanning alerts at it), an absolute path, or the URL it was fetched from.
   */
  specPath?: string;
  startedAt: string | Date;
  completedAt: string | Date;
}

/** Everything a report is rendered from: one engine run plus where and when it ran. */
export interface ReportModel {
  tool: ReportTool;
  analysis: ReportAnalysis;
  findings: readonly EngineFinding[];
  metrics: AnalysisMetricsResult;
  /** Checks that could not run (engine `result.warnings`). */
  warnings?: readonly string[];
  /**
   * The rules that ran. When given, JUnit lists the ones without findings as passed test cases and
   * SARIF declares them all; when absent only rules with findings appear.
   */
  rules?: readonly RuleMeta[];
}

/** `diffFindings` result: what changed between two runs of the same analysis, by fingerprint. */
export interface FindingsDiff<
  TCurrent extends { fingerprint: string },
  TPrevious extends { fingerprint: string } = TCurrent,
> {
  /** In `current`, not in `previous`. */
  new: TCurrent[];
  /** In `previous`, no longer in `current`. */
  fixed: TPrevious[];
  /** In both; the `current` version of each. */
  remaining: TCurrent[];
}
