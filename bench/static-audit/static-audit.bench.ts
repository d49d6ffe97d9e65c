import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Its types are CommonJS (`export default` in a .d.ts of a "type": "commonjs" package), so TypeScript
// puts the ruleset at `.default.default`; Node loads the ESM build, where it is the default export.
import * as owaspModule from '@stoplight/spectral-owasp-ruleset';
import { RULE_CATALOG } from '@so/analysis-engine';
import type { BenchContext } from '../lib/bench-context.js';
import type { ComparisonReport, Summary } from '../lib/compare.js';
import { median, percentile } from '../lib/stats.js';
import { githubSpec, minifiedCopy, readmeExamples } from './corpus.js';
import { coverageOf, printCoverage, type CoverageSummary } from './coverage.js';
import { measureSpec, runChild, type MeasureOptions, type SpecMeasurement } from './measure.js';
import { mappingProblems } from './spectral-owasp-mapping.js';
import {
  cpuRatio,
  printGithub,
  printSpecHeader,
  printSpecLine,
  speedRatio,
  memoryRatio,
} from './static-audit.report.js';

/** Goals from issue 3 ("Speed"). */
export const GOALS = { corpusMedianSpeed: 5, githubSpeed: 40, githubMemory: 1 / 3 } as const;

export interface StaticAuditReport extends ComparisonReport {
  specs: Array<{
    name: string;
    bytes: number;
    ours: Omit<SpecMeasurement['ours'], 'runs'>;
    spectral: Omit<SpecMeasurement['spectral'], 'runs'>;
  }>;
  github?: {
    original: { bytes: number; oursError?: string };
    measurement: SpecMeasurement;
    speedRatio: number;
    memoryRatio: number;
  };
  coverage: CoverageSummary;
}

const owaspRuleset = owaspModule.default as unknown as typeof owaspModule.default.default;
const runner = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/**
 * Our static audit against Spectral + the OWASP ruleset on the same real documents, each run in a
 * fresh process (so peak RSS is per tool): the `@readme/oas-examples` specs (3 runs each, 1 with
 * `--quick`) and GitHub's REST API description (2 runs; skipped with `--quick`). Ratio = the corpus
 * median of Spectral ms / our ms.
 */
export async function runStaticAuditBenchmark(context: BenchContext): Promise<StaticAuditReport> {
  const quick = context.scale < 1;
  const problems = mappingProblems(Object.keys(owaspRuleset.rules), new Set(RULE_CATALOG.map((rule) => rule.id)));
  if (problems.length > 0) throw new Error(`spectral-owasp-mapping.ts is out of date:\n  ${problems.join('\n  ')}`);
  const options: MeasureOptions = {
    runs: quick ? 1 : 3,
    timeoutMs: 120_000,
    runners: { ours: runner('run-ours.js'), spectral: runner('run-spectral.js') },
    // Same heap ceiling for both, high enough that neither fails for lack of heap on GitHub's spec.
    nodeFlags: ['--max-old-space-size=8192'],
  };

  process.stdout.write(
    `\n== static-audit: our static audit vs Spectral + OWASP ruleset (${options.runs} run(s) per spec, medians)\n`,
  );
  printSpecHeader();
  const measurements: SpecMeasurement[] = [];
  for (const spec of readmeExamples()) {
    const measurement = await measureSpec(spec, options);
    measurements.push(measurement);
    printSpecLine(measurement);
    if (measurement.spectral.skippedRules) {
      process.stdout.write(
        `    (Spectral without ${measurement.spectral.skippedRules.join(', ')}: it crashes on this spec)\n`,
      );
    }
  }

  const comparable = measurements.filter((m) => !m.ours.error && !m.spectral.error);
  const ratios = comparable.map(speedRatio);
  const medianRatio = median(ratios);
  const medianMemory = median(comparable.map(memoryRatio));
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  process.stdout.write(
    `\ncorpus: ${measurements.length} specs, ${comparable.length} measured by both` +
      ` (${measurements.length - comparable.length} refused by a tool)\n` +
      `  median speed ratio (Spectral ms / our ms): ${medianRatio.toFixed(2)}× (goal ≥ ${GOALS.corpusMedianSpeed}×: ${met(medianRatio >= GOALS.corpusMedianSpeed)});` +
      ` range ${Math.min(...ratios).toFixed(2)}×–${Math.max(...ratios).toFixed(2)}×\n` +
      `  median CPU ratio (Spectral CPU ms / our CPU ms, same work; steadier on a busy machine): ${median(comparable.map(cpuRatio)).toFixed(2)}×\n` +
      `  median memory ratio (our peak RSS / Spectral's): ${medianMemory.toFixed(2)}\n` +
      `  median work ms: ours ${median(comparable.map((m) => m.ours.ms)).toFixed(0)}, Spectral ${median(comparable.map((m) => m.spectral.ms)).toFixed(0)};` +
      ` whole process (start, imports, work, exit): ours ${median(comparable.map((m) => m.ours.processMs)).toFixed(0)}, Spectral ${median(comparable.map((m) => m.spectral.processMs)).toFixed(0)}\n` +
      `  median findings per spec: ours ${median(comparable.map((m) => m.ours.findings))} (grouped), Spectral ${median(comparable.map((m) => m.spectral.findings))}\n`,
  );

  let github: StaticAuditReport['github'];
  if (quick) {
    process.stdout.write(`\nGitHub's spec: skipped (--quick)\n`);
  } else {
    const original = githubSpec();
    // The shipped file is pretty-printed (13 MB); see whether our engine takes it as is.
    const asShipped = await runChild('ours', original.file, { ...options, timeoutMs: 600_000 });
    const folder = mkdtempSync(join(tmpdir(), 'so-bench-static-audit-'));
    try {
      const measurement = await measureSpec(minifiedCopy(original, folder), {
        ...options,
        runs: 2,
        timeoutMs: 900_000,
      });
      printSpecHeader();
      printSpecLine(measurement);
      github = {
        original: { bytes: original.bytes, ...(asShipped.error ? { oursError: asShipped.error } : {}) },
        measurement,
        speedRatio: speedRatio(measurement),
        memoryRatio: memoryRatio(measurement),
      };
      printGithub(github, GOALS);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  const coverage = coverageOf(github ? [...measurements, github.measurement] : measurements);
  printCoverage(coverage);

  const summary = (name: string, pick: (m: SpecMeasurement) => number): Summary => {
    const ms = comparable.map(pick);
    return {
      name,
      medianOpsPerSecond: 1000 / median(ms),
      p50Ms: median(ms),
      p99Ms: percentile(ms, 99),
      rounds: ms.map((value) => Math.round(value)),
    };
  };
  return {
    benchmark: 'static-audit: corpus median speed ratio, Spectral ms / our ms (rounds = per-spec median ms)',
    ours: summary('our static audit', (m) => m.ours.ms),
    baseline: summary('Spectral + OWASP ruleset', (m) => m.spectral.ms),
    ratio: medianRatio,
    goal: GOALS.corpusMedianSpeed,
    specs: measurements.map(({ spec, ours, spectral }) => ({
      name: spec.name,
      bytes: spec.bytes,
      ours: withoutRuns(ours),
      spectral: withoutRuns(spectral),
    })),
    ...(github ? { github } : {}),
    coverage,
  };
}

function withoutRuns<T extends { runs: unknown }>(measurement: T): Omit<T, 'runs'> {
  const { runs: _runs, ...rest } = measurement;
  return rest;
}
