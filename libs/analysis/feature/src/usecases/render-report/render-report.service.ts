import { Injectable } from '@nestjs/common';
import { AnalysisStatus, FindingRepository, type FindingEntity } from '@so/analysis-data-access';
import { computeScore, type EngineFinding, type OwaspApiCategory } from '@so/analysis-engine';
import {
  countBySeverity,
  isReportFormat,
  renderReport,
  REPORT_FORMAT_INFO,
  REPORT_FORMATS,
  reportTool,
  type ReportModel,
} from '@so/analysis-reports';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { GetAnalysisService } from '../get-analysis/get-analysis.service.js';

export interface RenderReportCommand {
  analysisId: string;
  projectKey?: string;
  format: string;
  /** Repository path of the spec, so SARIF alerts point at that file (e.g. `api/openapi.yaml`). */
  specPath?: string;
  /** Also list findings triaged as false positive or accepted risk (left out by default). */
  includeSuppressed?: boolean;
}

export interface RenderedReport {
  mediaType: string;
  fileName: string;
  body: string;
}

/** Triage decisions that take a finding out of reports, so CI stops failing on it. */
const SUPPRESSED = new Set(['false_positive', 'accepted_risk']);

/** One completed analysis as a SARIF, JSON, JUnit, HTML or text report (`@so/analysis-reports`). */
@Injectable()
export class RenderReportService {
  constructor(
    private readonly getAnalysis: GetAnalysisService,
    private readonly findings: FindingRepository,
  ) {}

  async execute(identity: CallerIdentity, command: RenderReportCommand): Promise<RenderedReport> {
    const format = command.format.trim().toLowerCase();
    if (!isReportFormat(format)) {
      throw AnalysisException.invalidRequest([
        { field: 'format', description: `must be one of ${REPORT_FORMATS.join(', ')}` },
      ]);
    }
    const specPath = command.specPath?.trim() || undefined;
    if (specPath && (specPath.length > 1024 || /[\u0000-\u001f]/.test(specPath))) {
      throw AnalysisException.invalidRequest([
        { field: 'specPath', description: 'must be a file path of at most 1024 characters' },
      ]);
    }
    const { analysis } = await this.getAnalysis.load(identity, command.analysisId, command.projectKey);
    if (analysis.status !== AnalysisStatus.Completed || !analysis.metrics) {
      throw AnalysisException.reportNotReady(analysis.id, analysis.status);
    }
    const stored = await this.findings.listForAnalysis(identity.orgId, analysis.id);
    const included = command.includeSuppressed ? stored : stored.filter((finding) => !SUPPRESSED.has(finding.status));
    const findings = included.map(toEngineFinding);
    const model: ReportModel = {
      tool: reportTool(),
      analysis: {
        id: analysis.id,
        ...(analysis.targetUrl ? { target: analysis.targetUrl } : {}),
        ...(specPath ? { specPath } : {}),
        startedAt: analysis.startedAt ?? analysis.createdAt,
        completedAt: analysis.completedAt ?? analysis.createdAt,
      },
      findings,
      metrics: {
        bySeverity: countBySeverity(findings),
        operationsDeclared: analysis.metrics.operationsDeclared,
        operationsCovered: analysis.metrics.operationsCovered,
        // Recomputed: the stored score also counts the findings triaged away.
        score: included.length === stored.length ? analysis.metrics.score : computeScore(findings),
      },
      warnings: analysis.metrics.warnings,
    };
    return {
      mediaType: REPORT_FORMAT_INFO[format].mediaType,
      fileName: `analysis-${analysis.id}${REPORT_FORMAT_INFO[format].extensions[0] ?? ''}`,
      body: renderReport(model, format),
    };
  }
}

function toEngineFinding(finding: FindingEntity): EngineFinding {
  return {
    ruleId: finding.ruleId,
    title: finding.title,
    category: finding.category as OwaspApiCategory,
    cweId: finding.cweId,
    severity: finding.severity,
    description: finding.description,
    recommendation: finding.recommendation,
    location: finding.location,
    ...(finding.evidence ? { evidence: finding.evidence } : {}),
    fingerprint: finding.fingerprint,
  };
}
