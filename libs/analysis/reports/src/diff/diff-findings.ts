import type { FindingsDiff } from '../report.types.js';

/**
 * What changed between two runs, matched by fingerprint (stable across runs for the same flaw at
 * the same place). Order follows the input lists; a fingerprint listed twice counts once.
 */
export function diffFindings<
  TPrevious extends { fingerprint: string },
  TCurrent extends { fingerprint: string } = TPrevious,
>(previous: readonly TPrevious[], current: readonly TCurrent[]): FindingsDiff<TCurrent, TPrevious> {
  const before = new Set(previous.map((finding) => finding.fingerprint));
  const now = new Set(current.map((finding) => finding.fingerprint));
  const result: FindingsDiff<TCurrent, TPrevious> = { new: [], fixed: [], remaining: [] };
  for (const finding of unique(current))
    (before.has(finding.fingerprint) ? result.remaining : result.new).push(finding);
  for (const finding of unique(previous)) if (!now.has(finding.fingerprint)) result.fixed.push(finding);
  return result;
}

function unique<T extends { fingerprint: string }>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(finding.fingerprint) && seen.add(finding.fingerprint));
}
