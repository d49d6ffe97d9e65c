import type { EngineFinding, FindingLocation } from '@so/analysis-engine';
import type { ManifestFlaw } from './manifest.js';

export interface RecallRow {
  flaw: ManifestFlaw;
  finding?: EngineFinding;
}

/** The finding that reports a manifest flaw: same rule, and the place the manifest names. */
export function findingFor(flaw: ManifestFlaw, findings: readonly EngineFinding[]): EngineFinding | undefined {
  return findings.find((finding) => finding.ruleId === flaw.ruleId && pointsAt(finding.location, flaw));
}

function pointsAt(location: FindingLocation, flaw: ManifestFlaw): boolean {
  const places = [location, ...(location.others ?? [])];
  if (flaw.pointer) return places.some((place) => place.pointer?.startsWith(flaw.pointer!) ?? false);
  if (!flaw.operation) return true;
  const { method, path } = flaw.operation;
  const template = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
  return places.some(
    (place) =>
      place.method?.toUpperCase() === method && place.url !== undefined && template.test(new URL(place.url).pathname),
  );
}

/** Fixed-width table for test output. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
