import type { EngineFinding, Severity } from '../engine.types.js';

/** Penalty of the first finding of each severity; see README "Score". */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 40,
  high: 20,
  medium: 8,
  low: 3,
  info: 0,
};

/** Each further finding of the same severity costs half the previous one. */
const DECAY = 0.5;

/**
 * 0..100, 100 = nothing found. Per severity the penalty is `w * (1 - 0.5^n) / (1 - 0.5)`: the first
 * finding costs `w`, the next `w/2`, and so on, so a severity can never cost more than `2w`. This
 * keeps one noisy rule (forty low findings) from outweighing a single critical, while more findings
 * still always lower the score.
 */
export function computeScore(findings: ReadonlyArray<Pick<EngineFinding, 'severity'>>): number {
  const counts = countBySeverity(findings);
  let penalty = 0;
  for (const severity of Object.keys(SEVERITY_WEIGHTS) as Severity[]) {
    penalty += (SEVERITY_WEIGHTS[severity] * (1 - DECAY ** counts[severity])) / (1 - DECAY);
  }
  return Math.min(100, Math.max(0, Math.round(100 - penalty)));
}

export function countBySeverity(findings: ReadonlyArray<Pick<EngineFinding, 'severity'>>): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
