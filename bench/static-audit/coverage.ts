import type { SpecMeasurement } from './measure.js';
import { SPECTRAL_OWASP_MAPPING } from './spectral-owasp-mapping.js';

/** One Spectral OWASP rule that fired somewhere, and whether our covering rule fired on the same specs. */
export interface FiredRuleCoverage {
  spectralRule: string;
  ours: string | null;
  /** Specs where Spectral reported the rule. */
  specs: number;
  /** Of those, specs where our covering rule reported something too. */
  oursAlsoFired: number;
  note: string;
}

export interface CoverageSummary {
  fired: FiredRuleCoverage[];
  /** Every rule of the ruleset with no rule of ours, fired or not. */
  uncovered: Array<{ spectralRule: string; firedOnSpecs: number; note: string }>;
}

export function coverageOf(measurements: readonly SpecMeasurement[]): CoverageSummary {
  const usable = measurements.filter((m) => !m.spectral.error);
  const fired: FiredRuleCoverage[] = [];
  const firedCount = new Map<string, number>();
  for (const [spectralRule, coverage] of Object.entries(SPECTRAL_OWASP_MAPPING)) {
    const hits = usable.filter((m) => m.spectral.ruleIds.includes(spectralRule));
    firedCount.set(spectralRule, hits.length);
    if (hits.length === 0) continue;
    const oursAlsoFired =
      coverage.ours === null
        ? 0
        : hits.filter((m) => !m.ours.error && m.ours.ruleIds.includes(coverage.ours as string)).length;
    fired.push({ spectralRule, ours: coverage.ours, specs: hits.length, oursAlsoFired, note: coverage.note });
  }
  const uncovered = Object.entries(SPECTRAL_OWASP_MAPPING)
    .filter(([, coverage]) => coverage.ours === null)
    .map(([spectralRule, coverage]) => ({
      spectralRule,
      firedOnSpecs: firedCount.get(spectralRule) ?? 0,
      note: coverage.note,
    }));
  return { fired, uncovered };
}

export function printCoverage(coverage: CoverageSummary): void {
  const out: string[] = [
    '',
    'Spectral OWASP rules that fired → our covering rule (specs where both fired / specs where Spectral fired)',
  ];
  for (const rule of coverage.fired) {
    const ours = rule.ours ?? 'NOT COVERED';
    const both = rule.ours === null ? '' : `${rule.oursAlsoFired}/${rule.specs}`;
    out.push(`  ${rule.spectralRule.padEnd(52)} ${ours.padEnd(40)} ${both.padStart(7)}  on ${rule.specs} spec(s)`);
  }
  out.push('', `Spectral OWASP rules we do not cover (${coverage.uncovered.length}):`);
  for (const rule of coverage.uncovered) {
    out.push(
      `  ${rule.spectralRule.padEnd(52)} fired on ${String(rule.firedOnSpecs).padStart(3)} spec(s); ${rule.note}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
