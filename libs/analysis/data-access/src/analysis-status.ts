/** Lifecycle of an analysis; values are stored in the `analysis.analysis_status` Postgres enum. */
export enum AnalysisStatus {
  Pending = 'PENDING',
  InProgress = 'IN_PROGRESS',
  Completed = 'COMPLETED',
  Failed = 'FAILED',
  Cancelled = 'CANCELLED',
}

/** Statuses an analysis never leaves. */
export const TERMINAL_STATUSES: readonly AnalysisStatus[] = [
  AnalysisStatus.Completed,
  AnalysisStatus.Failed,
  AnalysisStatus.Cancelled,
];

export function isTerminalStatus(status: AnalysisStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Triage state of a finding, set by people after the scan. */
export type FindingStatus = 'open' | 'false_positive' | 'accepted_risk' | 'fixed';

export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'false_positive', 'accepted_risk', 'fixed'];
