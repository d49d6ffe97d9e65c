// `npm run bench [-- <name> ...] [--quick]`: builds, starts a throwaway Postgres and Redis on loopback,
// runs each benchmark (ours vs a bare baseline in interleaved rounds, medians, ratio) and prints a
// summary. Run by hand on a quiet machine; never part of `npm test`.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyNoNetworkEnv, REPO_ROOT } from '../scripts/lib/env.mjs';
import { startTestInfra, stopTestInfra } from '../scripts/lib/test-infra.mjs';

applyNoNetworkEnv();

/** name → [compiled module, exported function]. */
const BENCHMARKS = {
  'job-bus': ['dist/bench/job-bus/job-bus.bench.js', 'runJobBusBenchmark'],
  rest: ['dist/bench/rest/rest.bench.js', 'runRestBenchmark'],
  grpc: ['dist/bench/grpc/grpc.bench.js', 'runGrpcBenchmark'],
  webhooks: ['dist/bench/webhooks/webhooks.bench.js', 'runWebhooksBenchmark'],
  integrations: ['dist/bench/integrations/integrations.bench.js', 'runIntegrationsBenchmark'],
  'static-audit': ['dist/bench/static-audit/static-audit.bench.js', 'runStaticAuditBenchmark'],
  graphql: ['dist/bench/graphql/graphql.bench.js', 'runGraphqlBenchmark'],
  'findings-lifecycle': ['dist/bench/findings-lifecycle/findings-lifecycle.bench.js', 'runFindingsLifecycleBenchmark'],
};

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
    const [file, exported] = BENCHMARKS[name];
    const module = await import(pathToFileURL(join(REPO_ROOT, file)).href);
    try {
      reports.push(...[await module[exported]({ databaseAdminUrl: infra.databaseUrl, redisUrl: infra.redisUrl, scale: quick ? 0.2 : 1 })].flat());
    } catch (error) {
      failed = true;
      process.stderr.write(`benchmark ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
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
// Benchmarks keep handles (gRPC channels, sockets) that may linger; exit explicitly.
process.exit(failed ? 1 : 0);
