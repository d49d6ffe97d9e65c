import { AnalysisStatus } from '@so/analysis-data-access';
import {
  describeLocation,
  owaspCategoryName,
  type AnalysisComparisonView,
  type AnalysisView,
  type FindingReference,
  type FindingView,
  type StartAnalysisCommand,
} from '@so/analysis-feature';
import { orchestratorProto } from '@so/contracts';

const STATUS: Record<AnalysisStatus, orchestratorProto.AnalysisStatus> = {
  [AnalysisStatus.Pending]: orchestratorProto.AnalysisStatus.PENDING,
  [AnalysisStatus.InProgress]: orchestratorProto.AnalysisStatus.IN_PROGRESS,
  [AnalysisStatus.Completed]: orchestratorProto.AnalysisStatus.COMPLETED,
  [AnalysisStatus.Failed]: orchestratorProto.AnalysisStatus.FAILED,
  [AnalysisStatus.Cancelled]: orchestratorProto.AnalysisStatus.CANCELLED,
};

export function toStartAnalysisCommand(request: orchestratorProto.SecurityAnalysisRequest): StartAnalysisCommand {
  const config = request.config;
  return {
    projectId: request.projectId ?? '',
    targetUrl: request.targetUrl ?? '',
    openapiSpec: request.openapiSpec ?? '',
    idempotencyKey: request.idempotencyKey ?? '',
    ...(config
      ? {
          config: {
            deepScan: config.deepScan,
            maxDepth: config.maxDepth,
            vulnerabilityTypes: config.vulnerabilityTypes ?? [],
            enableAiAnalysis: config.enableAiAnalysis,
            timeoutSeconds: config.timeoutSeconds,
          },
        }
      : {}),
  };
}

export function toAnalysisResponse(view: AnalysisView): orchestratorProto.SecurityAnalysisResponse {
  return {
    analysisId: view.id,
    projectId: view.projectKey,
    status: STATUS[view.status],
    findings: view.findings.map(toFindingMessage),
    metrics: view.metrics
      ? {
          totalFindings: view.metrics.totalFindings,
          critical: view.metrics.bySeverity.critical,
          high: view.metrics.bySeverity.high,
          medium: view.metrics.bySeverity.medium,
          low: view.metrics.bySeverity.low,
          info: view.metrics.bySeverity.info,
          operationsDeclared: view.metrics.operationsDeclared,
          operationsCovered: view.metrics.operationsCovered,
          score: view.metrics.score,
          durationMs: view.metrics.durationMs,
        }
      : undefined,
    errorMessage: view.errorMessage ?? '',
    createdAt: view.createdAt.toISOString(),
    completedAt: view.completedAt?.toISOString() ?? '',
    comparison: view.comparison ? toComparisonMessage(view.comparison) : undefined,
  };
}

export function toFindingMessage(finding: FindingView): orchestratorProto.SecurityFinding {
  return {
    id: finding.id,
    category: owaspCategoryName(finding.category),
    severity: finding.severity,
    description: finding.description,
    location: describeLocation(finding.location),
    recommendation: finding.recommendation,
    cweId: finding.cweId,
    owaspCategory: finding.category,
    title: finding.title,
    ruleId: finding.ruleId,
    evidence: finding.evidence ? JSON.stringify(finding.evidence) : '',
    fingerprint: finding.fingerprint,
    status: finding.status,
    statusReason: finding.statusReason ?? undefined,
    statusChangedBy: finding.statusChangedBy ?? undefined,
    statusChangedAt: finding.statusChangedAt?.toISOString(),
    occurrence: finding.occurrence ?? undefined,
    aiAssessment: finding.aiAssessment ?? undefined,
  };
}

function toComparisonMessage(comparison: AnalysisComparisonView): orchestratorProto.FindingsComparison {
  return {
    previousAnalysisId: comparison.previousAnalysisId ?? '',
    newCount: comparison.newCount,
    fixedCount: comparison.fixedCount,
    remainingCount: comparison.remainingCount,
    newFindings: comparison.new.map(toReferenceMessage),
    fixedFindings: comparison.fixed.map(toReferenceMessage),
    remainingFindings: comparison.remaining.map(toReferenceMessage),
  };
}

function toReferenceMessage(reference: FindingReference): orchestratorProto.FindingReference {
  return { ...reference };
}
