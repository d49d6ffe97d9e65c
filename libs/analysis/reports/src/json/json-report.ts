import type { EngineFinding, FindingLocation, OwaspApiCategory } from '@so/analysis-engine';
import { owaspCategoryName, owaspCategoryOrder } from '../owasp-categories.js';
import type { ReportModel } from '../report.types.js';
import { analysisTimes } from '../report-input.js';
import { countBySeverity } from '../severity.js';
import { JSON_REPORT_SCHEMA_VERSION, type JsonReport, type JsonReportFinding } from './json-report.types.js';

/** The JSON report object (see `JsonReport`); findings keep the engine's order (most severe first). */
export function toJsonReport(model: ReportModel): JsonReport {
  const times = analysisTimes(model.analysis);
  return {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: { name: model.tool.name, version: model.tool.version, informationUri: model.tool.informationUri ?? null },
    analysis: {
      id: model.analysis.id ?? null,
      target: model.analysis.target ?? null,
      specPath: model.analysis.specPath ?? null,
      ...times,
    },
    summary: {
      total: model.findings.length,
      score: model.metrics.score,
      // Counted from the findings rendered, so the summary can never disagree with the list.
      bySeverity: countBySeverity(model.findings),
      byCategory: countByCategory(model.findings),
      operationsDeclared: model.metrics.operationsDeclared,
      operationsCovered: model.metrics.operationsCovered,
    },
    findings: model.findings.map(toJsonFinding),
    warnings: [...(model.warnings ?? [])],
  };
}

export function renderJsonReport(model: ReportModel): string {
  return `${JSON.stringify(toJsonReport(model), null, 2)}\n`;
}

function toJsonFinding(finding: EngineFinding): JsonReportFinding {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    category: finding.category,
    categoryName: owaspCategoryName(finding.category),
    cweId: finding.cweId,
    description: finding.description,
    recommendation: finding.recommendation,
    location: orderedLocation(finding.location),
    evidence: finding.evidence ? { request: finding.evidence.request, response: finding.evidence.response } : null,
  };
}

function orderedLocation(location: FindingLocation): FindingLocation {
  const single = (value: Omit<FindingLocation, 'others'>): Omit<FindingLocation, 'others'> => ({
    ...(value.method !== undefined ? { method: value.method } : {}),
    ...(value.url !== undefined ? { url: value.url } : {}),
    ...(value.pointer !== undefined ? { pointer: value.pointer } : {}),
    ...(value.line !== undefined ? { line: value.line } : {}),
    ...(value.column !== undefined ? { column: value.column } : {}),
  });
  return { ...single(location), ...(location.others?.length ? { others: location.others.map(single) } : {}) };
}

function countByCategory(findings: readonly EngineFinding[]): Partial<Record<OwaspApiCategory, number>> {
  const counts = new Map<OwaspApiCategory, number>();
  for (const finding of findings) counts.set(finding.category, (counts.get(finding.category) ?? 0) + 1);
  const ordered = [...counts].sort(([a], [b]) => owaspCategoryOrder(a) - owaspCategoryOrder(b));
  return Object.fromEntries(ordered);
}
