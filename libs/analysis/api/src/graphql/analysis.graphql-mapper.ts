import type { FindingLocationRecord } from '@so/analysis-data-access';
import {
  describeLocation,
  owaspCategoryName,
  type AnalysisSummaryView,
  type FindingView,
  type ProjectView,
} from '@so/analysis-feature';
import type { AnalysisStatusValue, FindingSeverityValue, FindingStatusValue } from './types/analysis-enums.js';
import type { FindingOccurrenceValue } from './types/finding-occurrence.enum.js';
import type { FindingLocationType } from './types/finding-location.type.js';
import type { ProjectType } from './types/project.type.js';
import type { SecurityAnalysisType } from './types/security-analysis.type.js';
import type { SecurityFindingType } from './types/security-finding.type.js';

/** Findings are not mapped here: the `findings` field loads them in batches. */
export function toSecurityAnalysisType(view: AnalysisSummaryView): SecurityAnalysisType {
  return {
    id: view.id,
    projectId: view.projectKey,
    projectRecordId: view.projectRecordId,
    status: view.status as string as AnalysisStatusValue,
    targetUrl: view.targetUrl,
    progressPercent: view.progressPercent,
    stage: view.stage,
    errorMessage: view.errorMessage,
    createdAt: view.createdAt,
    startedAt: view.startedAt,
    completedAt: view.completedAt,
    config: { ...view.config, vulnerabilityTypes: [...view.config.vulnerabilityTypes] },
    metrics: view.metrics
      ? {
          totalFindings: view.metrics.totalFindings,
          ...view.metrics.bySeverity,
          operationsDeclared: view.metrics.operationsDeclared,
          operationsCovered: view.metrics.operationsCovered,
          score: view.metrics.score,
          durationMs: view.metrics.durationMs,
          warnings: view.metrics.warnings,
        }
      : null,
  };
}

export function toProjectType(view: ProjectView): ProjectType {
  return { id: view.id, key: view.key, name: view.name, createdAt: view.createdAt };
}

export function toSecurityFindingType(finding: FindingView): SecurityFindingType {
  return {
    id: finding.id,
    ruleId: finding.ruleId,
    title: finding.title,
    category: finding.category,
    categoryName: owaspCategoryName(finding.category),
    cweId: finding.cweId,
    severity: finding.severity as string as FindingSeverityValue,
    description: finding.description,
    recommendation: finding.recommendation,
    location: toLocationType(finding.location),
    evidence: finding.evidence,
    fingerprint: finding.fingerprint,
    status: finding.status as string as FindingStatusValue,
    statusReason: finding.statusReason,
    statusChangedBy: finding.statusChangedBy,
    statusChangedAt: finding.statusChangedAt,
    occurrence: finding.occurrence as string | null as FindingOccurrenceValue | null,
    aiAssessment: finding.aiAssessment
      ? { ...finding.aiAssessment, assessedAt: new Date(finding.aiAssessment.assessedAt) }
      : null,
    createdAt: finding.createdAt,
  };
}

function toLocationType(location: FindingLocationRecord): FindingLocationType {
  return {
    summary: describeLocation(location),
    url: location.url ?? null,
    method: location.method ?? null,
    pointer: location.pointer ?? null,
    line: location.line ?? null,
    column: location.column ?? null,
    others: (location.others ?? []).map((other) => toLocationType(other)),
  };
}
