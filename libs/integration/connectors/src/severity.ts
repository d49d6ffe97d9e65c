/** Finding severities, lowest first; the order a threshold is compared in. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Whether a finding of `severity` reaches the integration's `threshold`; unknown severities never do. */
export function meetsThreshold(severity: string, threshold: Severity): boolean {
  return isSeverity(severity) && SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}
