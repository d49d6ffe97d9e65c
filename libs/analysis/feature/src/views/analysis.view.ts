import type {
  AiAssessmentRecord,
  AnalysisComparisonRecord,
  AnalysisConfigRecord,
  AnalysisMetricsRecord,
  AnalysisStatus,
  AnalysisWithProject,
  FindingEntity,
  FindingEvidenceRecord,
  FindingLocationRecord,
  FindingOccurrence,
  FindingSeverity,
  FindingStatus,
  FixedFindingRecord,
} from '@so/analysis-data-access';
import { AnalysisStatus as Status } from '@so/analysis-data-access';

/** A finding as the use cases hand it to transports (gRPC, GraphQL); never a TypeORM entity. */
export interface FindingView {
  id: string;
  ruleId: string;
  title: string;
  /** OWASP API Top 10 (2023) category, e.g. `API8:2023`. */
  category: string;
  cweId: string;
  severity: FindingSeverity;
  description: string;
  recommendation: string;
  location: FindingLocationRecord;
  evidence: FindingEvidenceRecord | null;
  fingerprint: string;
  status: FindingStatus;
  /** Why the status was set: given with a triage change, or inherited from an earlier run. */
  statusReason: string | null;
  /** Principal that set the status; null while nobody triaged the finding. */
  statusChangedBy: string | null;
  statusChangedAt: Date | null;
  /** New or recurring since the previous analysis of the same subject (final once the analysis completed). */
  occurrence: FindingOccurrence | null;
  /** The optional AI analyzer's explanation and priority. */
  aiAssessment: AiAssessmentRecord | null;
  createdAt: Date;
}

/** A finding of this analysis in the comparison lists. */
export interface FindingReference {
  findingId: string;
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: FindingSeverity;
  category: string;
}

/** What changed since the previous completed analysis of the same subject. */
export interface AnalysisComparisonView {
  /** Null for the first analysis of its subject: every finding is new. */
  previousAnalysisId: string | null;
  newCount: number;
  fixedCount: number;
  remainingCount: number;
  new: FindingReference[];
  /** Reported by the previous analysis, not by this one (ids are the previous analysis' findings). */
  fixed: FixedFindingRecord[];
  remaining: FindingReference[];
}

export interface AnalysisView {
  id: string;
  /** The project's key: the id callers and events use for a project. */
  projectKey: string;
  /** projects.id, for the federated Project entity. */
  projectRecordId: string;
  status: AnalysisStatus;
  targetUrl: string | null;
  hasSpec: boolean;
  config: AnalysisConfigRecord;
  progressPercent: number;
  stage: string | null;
  errorMessage: string | null;
  metrics: AnalysisMetricsRecord | null;
  correlationId: string;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  findings: FindingView[];
  /** Set once the analysis completed. */
  comparison: AnalysisComparisonView | null;
}

export function toAnalysisView(
  record: AnalysisWithProject,
  findings: readonly FindingEntity[],
  comparison: AnalysisComparisonRecord | null = null,
): AnalysisView {
  const { analysis } = record;
  const views = findings.map(toFindingView);
  return {
    id: analysis.id,
    projectKey: record.projectKey,
    projectRecordId: analysis.projectId,
    status: analysis.status,
    targetUrl: analysis.targetUrl,
    hasSpec: analysis.specText !== null,
    config: analysis.config,
    progressPercent: analysis.progressPercent,
    stage: analysis.stage,
    errorMessage: analysis.errorMessage,
    metrics: analysis.metrics,
    correlationId: analysis.correlationId,
    createdAt: analysis.createdAt,
    startedAt: analysis.startedAt,
    completedAt: analysis.completedAt,
    findings: views,
    // A comparison of an analysis cancelled while it completed would describe a run that never counted.
    comparison: comparison && analysis.status === Status.Completed ? toComparisonView(comparison, views) : null,
  };
}

export function toComparisonView(
  comparison: AnalysisComparisonRecord,
  findings: readonly FindingView[],
): AnalysisComparisonView {
  return {
    previousAnalysisId: comparison.previousAnalysisId,
    newCount: comparison.newCount,
    fixedCount: comparison.fixedCount,
    remainingCount: comparison.remainingCount,
    new: findings.filter((finding) => finding.occurrence === 'new').map(toFindingReference),
    fixed: comparison.fixed,
    remaining: findings.filter((finding) => finding.occurrence === 'recurring').map(toFindingReference),
  };
}

function toFindingReference(finding: FindingView): FindingReference {
  return {
    findingId: finding.id,
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    category: finding.category,
  };
}

export function toFindingView(finding: FindingEntity): FindingView {
  return {
    id: finding.id,
    ruleId: finding.ruleId,
    title: finding.title,
    category: finding.category,
    cweId: finding.cweId,
    severity: finding.severity,
    description: finding.description,
    recommendation: finding.recommendation,
    location: finding.location,
    evidence: finding.evidence,
    fingerprint: finding.fingerprint,
    status: finding.status,
    statusReason: finding.statusReason,
    statusChangedBy: finding.statusChangedBy,
    statusChangedAt: finding.statusChangedAt,
    occurrence: finding.occurrence,
    aiAssessment: finding.aiAssessment,
    createdAt: finding.createdAt,
  };
}
