import type { SpecMeasurement, ToolMeasurement } from './measure.js';

/** Spectral ms / our ms: how many times faster we are. */
export function speedRatio(m: SpecMeasurement): number {
  return m.spectral.ms / m.ours.ms;
}

/** Spectral CPU ms / our CPU ms for the same work: the speed ratio without waiting for a core. */
export function cpuRatio(m: SpecMeasurement): number {
  return m.spectral.cpuMs / m.ours.cpuMs;
}

/** Our peak RSS / Spectral's: below 1 means we need less memory. */
export function memoryRatio(m: SpecMeasurement): number {
  return m.ours.peakRssMb / m.spectral.peakRssMb;
}

export function printSpecHeader(): void {
  process.stdout.write(
    `  ${'spec'.padEnd(46)} ${'KB'.padStart(6)} │ ${'ours ms'.padStart(8)} ${'MB'.padStart(6)} ${'found (places)'.padStart(14)} │ ${'spectral ms'.padStart(11)} ${'MB'.padStart(6)} ${'found'.padStart(6)} │ ${'speed'.padStart(7)} ${'mem'.padStart(5)}\n`,
  );
}

export function printSpecLine(m: SpecMeasurement): void {
  const tool = (t: ToolMeasurement, width: number, withPlaces: boolean): string =>
    t.error
      ? `ERROR ${t.error}`.slice(0, width + 22).padEnd(width + 22)
      : `${t.ms.toFixed(0).padStart(width)} ${t.peakRssMb.toFixed(0).padStart(6)} ${(withPlaces ? `${t.findings} (${t.occurrences})` : String(t.findings)).padStart(withPlaces ? 14 : 6)}`;
  const both = !m.ours.error && !m.spectral.error;
  const ratios = both
    ? `${speedRatio(m).toFixed(2).padStart(6)}× ${memoryRatio(m).toFixed(2).padStart(5)}`
    : '      –     –';
  process.stdout.write(
    `  ${m.spec.name.padEnd(46)} ${(m.spec.bytes / 1024).toFixed(0).padStart(6)} │ ${tool(m.ours, 8, true)} │ ${tool(m.spectral, 11, false)} │ ${ratios}\n`,
  );
}

export function printGithub(
  github: {
    original: { bytes: number; oursError?: string };
    measurement: SpecMeasurement;
    speedRatio: number;
    memoryRatio: number;
  },
  goals: { githubSpeed: number; githubMemory: number },
): void {
  const { ours, spectral } = github.measurement;
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const line = (name: string, t: ToolMeasurement): string =>
    t.error
      ? `  ${name}: ERROR ${t.error}\n`
      : `  ${name}: ${(t.ms / 1000).toFixed(2)} s work (${(t.cpuMs / 1000).toFixed(2)} s CPU), ${(t.processMs / 1000).toFixed(2)} s process, peak RSS ${t.peakRssMb.toFixed(0)} MB, ${t.findings} findings; runs ${t.runs.map((run) => `${(run.ms / 1000).toFixed(2)} s`).join(', ')}\n`;
  process.stdout.write(
    `\nGitHub's spec (${(github.original.bytes / 1024 / 1024).toFixed(1)} MB as shipped; measured on the minified copy, ${(github.measurement.spec.bytes / 1024 / 1024).toFixed(1)} MB)\n` +
      (github.original.oursError
        ? `  ours on the file as shipped: refused (${github.original.oursError})\n`
        : '  ours on the file as shipped: accepted\n') +
      line('ours    ', ours) +
      line('Spectral', spectral) +
      (spectral.skippedRules
        ? `  Spectral measured without ${spectral.skippedRules.join(', ')}: its JSONPath throws on this spec and ends the whole run\n`
        : '') +
      (ours.error || spectral.error
        ? '  ratios: not comparable (a tool failed)\n'
        : `  speed ratio ${github.speedRatio.toFixed(2)}× (goal ≥ ${goals.githubSpeed}×: ${met(github.speedRatio >= goals.githubSpeed)}; CPU ratio ${cpuRatio(github.measurement).toFixed(2)}×); ` +
          `memory ratio ${github.memoryRatio.toFixed(2)} (goal ≤ ${goals.githubMemory.toFixed(2)}: ${met(github.memoryRatio <= goals.githubMemory)})\n`),
  );
}
