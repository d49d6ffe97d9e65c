// One benchmark in its own process, started by bench/run.mjs: services booted in-process keep
// process-wide state (code-first GraphQL type registries, gRPC channels), so benchmarks that share a
// process disturb each other. Writes the benchmark's reports as JSON to SO_BENCH_REPORT_FILE.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyNoNetworkEnv, REPO_ROOT } from '../scripts/lib/env.mjs';
import { BENCHMARKS } from './benchmarks.mjs';

applyNoNetworkEnv();

const [name] = process.argv.slice(2);
const { SO_BENCH_DATABASE_URL: databaseAdminUrl, SO_BENCH_REDIS_URL: redisUrl, SO_BENCH_SCALE: scale, SO_BENCH_REPORT_FILE: reportFile } = process.env;
if (!name || !(name in BENCHMARKS) || !databaseAdminUrl || !redisUrl || !reportFile) {
  process.stderr.write('bench/run-one.mjs is started by bench/run.mjs (npm run bench)\n');
  process.exit(2);
}
const [file, exported] = BENCHMARKS[name];
const module = await import(pathToFileURL(join(REPO_ROOT, file)).href);
const reports = [await module[exported]({ databaseAdminUrl, redisUrl, scale: Number(scale ?? 1) })].flat();
writeFileSync(reportFile, JSON.stringify(reports));
// Benchmarks keep handles (gRPC channels, sockets) that may linger; exit explicitly.
process.exit(0);
