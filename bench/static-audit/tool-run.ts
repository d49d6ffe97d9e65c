import { performance } from 'node:perf_hooks';

/** The tools compared; each runs in its own process. */
export type ToolName = 'ours' | 'spectral';

/** What a runner prints (one JSON line on stdout) after auditing one spec file. */
export interface ToolRun {
  tool: ToolName;
  /** Wall time of the work: read the file, parse, audit; module loading excluded. */
  ms: number;
  /**
   * CPU time (user + system, all threads) of the same work. On a shared machine a process waits
   * for a core, which wall time counts and this does not, so its ratio moves less between runs.
   */
  cpuMs?: number;
  /** Time from process start until the tool was loaded and ready (imports, ruleset setup). */
  loadMs: number;
  /** Peak resident set size of the whole process (maxRSS), in MiB. */
  peakRssMb: number;
  /** Findings as the tool reports them (ours: grouped per subject; Spectral: one per occurrence). */
  findings: number;
  /** Places the findings point at (ours: location + others; Spectral: same as findings). */
  occurrences: number;
  /** Distinct rule ids that fired. */
  ruleIds: string[];
  /** Set when the tool refused or failed on the spec; the timings are then not comparable. */
  error?: string;
  /** Spectral: the rule whose JSONPath threw and ended the whole run (the parent retries without it). */
  crashedRule?: string;
  /** Spectral: rules left out of this run (`--without=`), because they crash Spectral on this spec. */
  skippedRules?: string[];
}

/** Prints the result line the parent parses and lets the process end on its own. */
export function printToolRun(run: ToolRun): void {
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

export function peakRssMb(): number {
  // maxRSS is in kibibytes.
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** CPU milliseconds (user + system) this process has used since `start` (from process.cpuUsage()). */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Milliseconds since this process started (performance's time origin). */
export function sinceProcessStart(): number {
  return performance.now();
}

/** The spec file named on the command line, or a usage error. */
export function specFileArgument(tool: ToolName): string {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write(
      `usage: node run-${tool}.js <spec file>${tool === 'spectral' ? ' [--without=<rule id>,...]' : ''}\n`,
    );
    process.exit(2);
  }
  return file;
}
