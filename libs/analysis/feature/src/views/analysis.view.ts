import type {
  AnalysisConfigRecord,
  AnalysisMetricsRecord,
  AnalysisStatus,
  AnalysisWithProject,
  FindingEntity,
  FindingEvidenceRecord,
  FindingLocationRecord,
  FindingSeverity,
  FindingStatus,
} from '@so/analysis-data-access';

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
  createdAt: Date;
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
}

export function toAnalysisView(record: AnalysisWithProject, findings: readonly FindingEntity[]): AnalysisView {
  const { analysis } = record;
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
    findings: findings.map(toFindingView),
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
    createdAt: finding.createdAt,
  };
}
