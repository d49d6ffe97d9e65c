// `npm run bench [-- <name> ...] [--quick]`: builds, starts a throwaway Postgres and Redis on loopback,
// runs each benchmark (ours vs a bare baseline in interleaved rounds, medians, ratio) and prints a
// summary. Run by hand on a quiet machine; never part of `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from '../scripts/lib/env.mjs';
import { startTestInfra, stopTestInfra } from '../scripts/lib/test-infra.mjs';
import { BENCHMARKS } from './benchmarks.mjs';

applyNoNetworkEnv();

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((arg) => !arg.startsWith('--'));
const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
const unknown = selected.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}

// Without a clean: a benchmark must not delete dist/ under services or tests running from it.
execFileSync('node', ['scripts/build.mjs', 'apps', 'libs', 'tools', 'bench', 'test/support'], { cwd: REPO_ROOT, stdio: 'inherit' });

const infra = await startTestInfra();
const reports = [];
let failed = false;
try {
  for (const name of selected) {
    // Each benchmark in its own process (see run-one.mjs), on the same Postgres and Redis.
    const reportFile = join(tmpdir(), `so-bench-${process.pid}-${name}.json`);
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bench/run-one.mjs'), name], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          SO_BENCH_DATABASE_URL: infra.databaseUrl,
          SO_BENCH_REDIS_URL: infra.redisUrl,
          SO_BENCH_SCALE: String(quick ? 0.2 : 1),
          SO_BENCH_REPORT_FILE: reportFile,
        },
      });
      child.once('error', () => resolve(127));
      child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    });
    if (code === 0) {
      reports.push(...JSON.parse(readFileSync(reportFile, 'utf8')));
    } else {
      failed = true;
      process.stderr.write(`benchmark ${name} failed (exit ${code})\n`);
    }
    rmSync(reportFile, { force: true });
  }
} finally {
  await stopTestInfra(infra);
}

mkdirSync(join(REPO_ROOT, '.data', 'bench'), { recursive: true });
const out = join(REPO_ROOT, '.data', 'bench', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify(reports, null, 2));
process.stdout.write(`\nsummary (${quick ? 'quick' : 'full'} run; results in ${out})\n`);
for (const report of reports) {
  const goal = report.goal === undefined ? '' : ` goal ≥ ${(report.goal * 100).toFixed(0)}% ${report.ratio >= report.goal ? 'met' : 'NOT met'}`;
  process.stdout.write(`  ${report.benchmark}: ${(report.ratio * 100).toFixed(1)}%${goal}; ours p99 ${report.ours.p99Ms.toFixed(1)} ms\n`);
}
process.exit(failed ? 1 : 0);
