import type { EngineFinding, RuleMeta, Severity } from '@so/analysis-engine';
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { owaspCategoryName } from '../owasp-categories.js';
import type { ReportModel } from '../report.types.js';
import { analysisTimes } from '../report-input.js';
import { cweNumber, locationLabel, ruleName, rulesOfRun } from '../rule-metadata.js';
import { maxSeverity, sarifLevel, SECURITY_SEVERITY_SCORE } from '../severity.js';
import { sarifAnchor, sarifLocation, type SarifAnchor } from './sarif-location.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Key of our fingerprint in `partialFingerprints`; the `/v1` lets the scheme change without clashing. */
export const SARIF_FINGERPRINT_KEY = 'securityOrchestratorFingerprint/v1';
/** GitHub shows at most this many related locations; more only make the file bigger. */
const MAX_RELATED_LOCATIONS = 100;

export interface SarifOptions {
  /**
   * Repository-relative file to anchor every result at, when the spec is not a file in the
   * repository (fetched from a URL, or a target-only run). Defaults to the spec path.
   */
  anchorUri?: string;
}

/** SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers: one run, one rule per rule id. */
export function toSarif(model: ReportModel, options: SarifOptions = {}): Log {
  const times = analysisTimes(model.analysis);
  const anchor = sarifAnchor(model, options.anchorUri);
  const rules = rulesOfRun(model.findings, model.rules);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const run: Run = {
    tool: {
      driver: {
        name: model.tool.name,
        version: model.tool.version,
        ...(/^\d+\.\d+\.\d+/.test(model.tool.version) ? { semanticVersion: model.tool.version } : {}),
        ...(model.tool.informationUri ? { informationUri: model.tool.informationUri } : {}),
        rules: rules.map((rule) => sarifRule(rule, model.findings)),
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        startTimeUtc: times.startedAt,
        endTimeUtc: times.completedAt,
        toolExecutionNotifications: (model.warnings ?? []).map((warning) => ({
          level: 'warning' as const,
          message: { text: warning },
        })),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results: model.findings.map((finding) => sarifResult(finding, anchor, ruleIndex.get(finding.ruleId) ?? -1)),
    properties: {
      ...(model.analysis.id ? { analysisId: model.analysis.id } : {}),
      ...(model.analysis.target ? { target: model.analysis.target } : {}),
      ...(model.analysis.specPath ? { specPath: model.analysis.specPath } : {}),
      score: model.metrics.score,
      bySeverity: { ...model.metrics.bySeverity },
      operationsDeclared: model.metrics.operationsDeclared,
      operationsCovered: model.metrics.operationsCovered,
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function renderSarif(model: ReportModel, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(model, options), null, 2)}\n`;
}

function sarifRule(rule: RuleMeta, findings: readonly EngineFinding[]): ReportingDescriptor {
  // GitHub ranks an alert by its rule's security-severity only, so a rule rated higher in this run
  // than by default (e.g. an admin endpoint open without credentials) must carry the higher score.
  const seen = findings.filter((finding) => finding.ruleId === rule.id).map((finding) => finding.severity);
  const severity: Severity = maxSeverity(seen, rule.severity);
  const cwe = cweNumber(rule.cweId);
  const category = `${rule.category} ${owaspCategoryName(rule.category)}`;
  const tags = ['security', 'owasp-api-top10', rule.category, ...(cwe ? [`external/cwe/cwe-${cwe}`, rule.cweId] : [])];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.recommendation}\n\nOWASP ${category}.${cwe ? ` ${rule.cweId}.` : ''}`,
      markdown:
        `**How to fix:** ${rule.recommendation}\n\n` +
        `OWASP API Security Top 10: **${category}**` +
        (cwe ? ` · [${rule.cweId}](https://cwe.mitre.org/data/definitions/${cwe}.html)` : ''),
    },
    ...(cwe ? { helpUri: `https://cwe.mitre.org/data/definitions/${cwe}.html` } : {}),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags,
      // An informational observation is not a vulnerability; without a score GitHub falls back to the level.
      ...(severity === 'info' ? {} : { 'security-severity': SECURITY_SEVERITY_SCORE[severity] }),
      severity,
      owaspCategory: rule.category,
      cweId: rule.cweId,
    },
  };
}

function sarifResult(finding: EngineFinding, anchor: SarifAnchor, ruleIndex: number): Result {
  const { location } = finding;
  const related = (location.others ?? []).slice(0, MAX_RELATED_LOCATIONS);
  const where = location.url ? ` (${locationLabel({ method: location.method, url: location.url })})` : '';
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: sarifLevel(finding.severity),
    kind: 'fail',
    message: { text: `${sentence(finding.title)} ${finding.description}${where}` },
    locations: [sarifLocation(anchor, location)],
    ...(related.length > 0
      ? { relatedLocations: related.map((other, index) => ({ id: index + 1, ...sarifLocation(anchor, other) })) }
      : {}),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      severity: finding.severity,
      owaspCategory: finding.category,
      cweId: finding.cweId,
      ...(location.method ? { method: location.method.toUpperCase() } : {}),
      ...(location.url ? { url: location.url } : {}),
      ...(location.pointer ? { pointer: location.pointer } : {}),
      ...(finding.evidence ? { evidence: { ...finding.evidence } } : {}),
      recommendation: finding.recommendation,
    },
  };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
