import type { EngineFinding, Severity } from '@so/analysis-engine';

/** Most severe first; the order every report lists severities in. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 4 for critical down to 0 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** True when `severity` is `threshold` or worse. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Findings at or above `threshold` (a CI gate: `--fail-on high`). */
export function findingsAtOrAbove<T extends Pick<EngineFinding, 'severity'>>(
  findings: readonly T[],
  threshold: Severity,
): T[] {
  return findings.filter((finding) => isAtLeast(finding.severity, threshold));
}

/**
 * GitHub code scanning reads `security-severity` (0.0-10.0, CVSS-like) to rank security alerts:
 * above 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. Each value sits inside its band.
 */
export const SECURITY_SEVERITY_SCORE: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

/** SARIF `level`: only `error` fails a code-scanning check by default, so it is kept for high and worse. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
    case 'info':
      return 'note';
  }
}

/** The highest severity in the list, or `fallback` for an empty one. */
export function maxSeverity(severities: readonly Severity[], fallback: Severity): Severity {
  return severities.reduce(
    (worst, next) => (severityRank(next) > severityRank(worst) ? next : worst),
    severities[0] ?? fallback,
  );
}

/** Findings per severity, every severity present (0 when none). */
export function countBySeverity(findings: readonly Pick<EngineFinding, 'severity'>[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) if (isSeverity(finding.severity)) counts[finding.severity] += 1;
  return counts;
}
