import type { EngineFinding, Severity } from '@so/analysis-engine';
import { sanitizeTerminalText } from '../escape.js';
import type { FindingsDiff, ReportModel } from '../report.types.js';
import { analysisTimes } from '../report-input.js';
import { locationLabel } from '../rule-metadata.js';
import { countBySeverity, findingsAtOrAbove, SEVERITIES } from '../severity.js';

export interface TextSummaryOptions {
  /** Adds a PASS/FAIL verdict line for this threshold (`none`: no verdict). */
  failOn?: Severity | 'none';
  /** List at most this many findings (most severe first); the rest are counted. Default 50. */
  maxFindings?: number;
  /** Changes since an earlier run (`diffFindings`), printed as their own section. */
  changes?: FindingsDiff<Pick<EngineFinding, 'fingerprint' | 'severity' | 'title' | 'ruleId'>>;
}

/** Plain-text summary for terminals and CI logs; text from the scanned API is stripped of control codes. */
export function renderTextSummary(model: ReportModel, options: TextSummaryOptions = {}): string {
  const times = analysisTimes(model.analysis);
  const { metrics, findings } = model;
  const bySeverity = countBySeverity(findings);
  const counts = SEVERITIES.map((severity) => `${bySeverity[severity]} ${severity}`).join(', ');
  const lines = [
    `${model.tool.name} ${model.tool.version}${model.analysis.id ? ` · analysis ${model.analysis.id}` : ''}`,
    ...(model.analysis.target ? [`Target:     ${model.analysis.target}`] : []),
    ...(model.analysis.specPath ? [`Spec:       ${model.analysis.specPath}`] : []),
    `Ran:        ${times.startedAt} (${(times.durationMs / 1000).toFixed(1)} s)`,
    `Score:      ${metrics.score}/100 · ${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts}`,
    `Operations: ${metrics.operationsDeclared} declared, ${metrics.operationsCovered} probed`,
  ];
  const limit = options.maxFindings ?? 50;
  if (findings.length > 0) lines.push('');
  for (const finding of findings.slice(0, limit)) {
    lines.push(
      `${finding.severity.toUpperCase().padEnd(8)} ${finding.category.padEnd(10)} ${finding.title}`,
      `${' '.repeat(20)}${finding.ruleId} · ${locationLabel(finding.location)}`,
      `${' '.repeat(20)}fix: ${finding.recommendation}`,
    );
  }
  if (findings.length > limit) lines.push(`... and ${findings.length - limit} more (see the full report)`);
  if (options.changes) lines.push('', ...changeLines(options.changes));
  if (model.warnings?.length) lines.push('', 'Warnings:', ...model.warnings.map((warning) => `  - ${warning}`));
  if (options.failOn && options.failOn !== 'none') {
    const blocking = findingsAtOrAbove(findings, options.failOn).length;
    lines.push(
      '',
      blocking > 0
        ? `FAIL: ${blocking} finding${blocking === 1 ? '' : 's'} at or above ${options.failOn}`
        : `PASS: no findings at or above ${options.failOn}`,
    );
  }
  return `${sanitizeTerminalText(lines.join('\n'))}\n`;
}

function changeLines(changes: NonNullable<TextSummaryOptions['changes']>): string[] {
  const item = (mark: string, finding: Pick<EngineFinding, 'severity' | 'title' | 'ruleId'>): string =>
    `  ${mark} ${finding.severity.toUpperCase().padEnd(8)} ${finding.title} (${finding.ruleId})`;
  return [
    `Since the baseline: ${changes.new.length} new, ${changes.fixed.length} fixed, ${changes.remaining.length} remaining`,
    ...changes.new.map((finding) => item('+', finding)),
    ...changes.fixed.map((finding) => item('-', finding)),
  ];
}
