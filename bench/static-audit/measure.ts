import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { median } from '../lib/stats.js';
import type { CorpusSpec } from './corpus.js';
import type { ToolName, ToolRun } from './tool-run.js';

/** One tool on one spec: every run, and the medians the tables use. */
export interface ToolMeasurement {
  runs: ToolRun[];
  /** Median of `ms` over the runs. */
  ms: number;
  /** Median of `cpuMs` over the runs (NaN when the runner did not report it). */
  cpuMs: number;
  /** Median peak RSS over the runs. */
  peakRssMb: number;
  /** Median wall time of the whole child process (start, imports, work, exit), seen by the parent. */
  processMs: number;
  /** From the last run (the same every run). */
  findings: number;
  occurrences: number;
  ruleIds: string[];
  /** Spectral rules left out because they crash Spectral on this spec. */
  skippedRules?: string[];
  error?: string;
}

export interface SpecMeasurement {
  spec: CorpusSpec;
  ours: ToolMeasurement;
  spectral: ToolMeasurement;
}

export interface MeasureOptions {
  runs: number;
  /** Kills a child that takes longer (Spectral on a huge spec). */
  timeoutMs: number;
  /** Compiled runner modules. */
  runners: Record<ToolName, string>;
  /** Extra node flags for both children alike (heap limit). */
  nodeFlags: string[];
}

const MAX_SKIPPED_RULES = 3;

/**
 * dist/ is shared: a clean `npm run build` elsewhere deletes dist/bench mid-run. Fail the benchmark
 * then, instead of recording every later spec as refused by both tools.
 */
function assertRunnerExists(runner: string): void {
  if (!existsSync(runner)) {
    throw new Error(
      `${runner} disappeared during the run (a clean build of dist/ elsewhere?); run the benchmark again`,
    );
  }
}

/** Runs ours, Spectral, ours, Spectral, ... each in a fresh process, so noise hits both alike. */
export async function measureSpec(spec: CorpusSpec, options: MeasureOptions): Promise<SpecMeasurement> {
  const runs: Record<ToolName, Array<ToolRun & { processMs: number }>> = { ours: [], spectral: [] };
  // A tool that refuses the spec refuses it every time; do not spend more runs on it.
  const refused = new Set<ToolName>();
  const without: string[] = [];
  for (let i = 0; i < options.runs; i++) {
    for (const tool of ['ours', 'spectral'] as const) {
      if (refused.has(tool)) continue;
      assertRunnerExists(options.runners[tool]);
      const args = tool === 'spectral' && without.length > 0 ? [`--without=${without.join(',')}`] : [];
      let run = await runChild(tool, spec.file, options, args);
      // A rule whose JSONPath throws ends Spectral's run; measure the rest of the ruleset instead.
      while (run.crashedRule && !without.includes(run.crashedRule) && without.length < MAX_SKIPPED_RULES) {
        without.push(run.crashedRule);
        run = await runChild(tool, spec.file, options, [`--without=${without.join(',')}`]);
      }
      runs[tool].push(run);
      if (run.error) refused.add(tool);
    }
  }
  return { spec, ours: summarize(runs.ours), spectral: summarize(runs.spectral) };
}

function summarize(runs: Array<ToolRun & { processMs: number }>): ToolMeasurement {
  const last = runs[runs.length - 1];
  if (!last) throw new Error('no run to summarize');
  const ok = runs.filter((run) => !run.error);
  const sample = ok.length > 0 ? ok : runs;
  return {
    runs,
    ms: median(sample.map((run) => run.ms)),
    cpuMs: median(sample.map((run) => run.cpuMs ?? Number.NaN)),
    peakRssMb: median(sample.map((run) => run.peakRssMb)),
    processMs: median(sample.map((run) => run.processMs)),
    findings: last.findings,
    occurrences: last.occurrences,
    ruleIds: last.ruleIds,
    ...(last.skippedRules ? { skippedRules: last.skippedRules } : {}),
    ...(last.error ? { error: last.error } : {}),
  };
}

/** Spawns `node <runner> <file>` and parses the one JSON line it prints; failures become `error` runs. */
export function runChild(
  tool: ToolName,
  file: string,
  options: MeasureOptions,
  args: string[] = [],
): Promise<ToolRun & { processMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...options.nodeFlags, options.runners[tool], file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const failed = (error: string): ToolRun => ({
      tool,
      ms: Number.NaN,
      loadMs: Number.NaN,
      peakRssMb: Number.NaN,
      findings: 0,
      occurrences: 0,
      ruleIds: [],
      error,
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ...failed(`cannot start: ${error.message}`), processMs: performance.now() - started });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const processMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const run = JSON.parse(line) as ToolRun;
        if (code !== 0) run.error ??= `exited with ${code}`;
        resolve({ ...run, processMs });
      } catch {
        const why = signal === 'SIGKILL' ? `killed after ${options.timeoutMs} ms` : `exited with ${code ?? signal}`;
        // The thrown error's first line says more than the stack and Node's version banner after it.
        const lines = stderr.trim().split('\n');
        const cause = lines.find((text) => /Error\b|error:/.test(text)) ?? lines.slice(-3).join(' | ');
        resolve({ ...failed(`${why}: ${cause.trim() || 'no output'}`), processMs });
      }
    });
  });
}
