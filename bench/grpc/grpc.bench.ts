import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootPlatform } from '../../test/support/boot-platform.js';
import {
  PROTO_DIR,
  publicClient,
  type DynamicClient,
  type DynamicMethod,
} from '../../test/support/grpc-public-client.js';
import type { BenchContext } from '../lib/bench-context.js';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { freePort } from '@so/testing';
import { runRound } from '../lib/round.js';
import { ownCpuMs, processCpuMs, serverCpu } from '../lib/server-cpu.js';
import { ServiceCpuTally, serviceCpuMs } from './service-cpu.js';

const IN_FLIGHT = 100;
const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * SO_BENCH_SERVICE_PROFILE_DIR=<dir>: every service process writes a V8 CPU profile there when it
 * stops (the services run as their own processes, so profiling the bench process misses them).
 */
const PROFILE_DIR = process.env.SO_BENCH_SERVICE_PROFILE_DIR;
const PROFILE_PRELOAD = join(HERE, '..', '..', '..', 'bench', 'grpc', 'service-cpu-profile.cjs');
/**
 * SO_BENCH_SERVICE_NODE_OPTIONS='<flags>': extra Node options for every service process, e.g.
 * `--perf-basic-prof` so a system-wide `perf record` names their JS functions. Unlike the V8
 * profile (a wall-clock sampler), perf counts only time spent on a CPU.
 */
const SERVICE_NODE_OPTIONS = process.env.SO_BENCH_SERVICE_NODE_OPTIONS;
/** SO_BENCH_GRPC_ONLY=status|analyze|analyze-runs: run one of the comparisons (for profiling one path). */
const ONLY = process.env.SO_BENCH_GRPC_ONLY;
/**
 * SO_BENCH_GRPC_ANALYSIS_WORKERS=<n>: the analysis service's worker slots for the status and
 * runs-on-the-same-cores comparisons (default: the service's own default, 4).
 */
const ANALYSIS_WORKERS = process.env.SO_BENCH_GRPC_ANALYSIS_WORKERS;
/** The baseline server is plain JS and is not compiled: find it in the source tree. */
const BARE_SERVER = join(HERE, '..', '..', '..', 'bench', 'grpc', 'bare-echo-server.mjs');

function serviceNodeOptions(): Record<string, string> {
  const options = [PROFILE_DIR ? `--require ${PROFILE_PRELOAD}` : '', SERVICE_NODE_OPTIONS ?? '']
    .filter(Boolean)
    .join(' ');
  return options ? { NODE_OPTIONS: options, ...(PROFILE_DIR ? { SO_CPU_PROFILE_DIR: PROFILE_DIR } : {}) } : {};
}

type Rpc = (client: DynamicClient, metadata: Metadata) => Promise<void>;

function call(method: string, request: object): Rpc {
  return (client, metadata) =>
    new Promise<void>((resolve, reject) =>
      (client[method] as DynamicMethod).call(
        client,
        request,
        metadata,
        { deadline: Date.now() + 30_000 },
        (error: ServiceError | null) => (error ? reject(error) : resolve()),
      ),
    );
}

interface Comparison {
  /** SO_BENCH_GRPC_ONLY selects comparisons by this name. */
  only: 'status' | 'analyze' | 'analyze-runs';
  title: string;
  ours: string;
  rpc: (setup: PlatformSetup) => Rpc;
  goal?: number;
}

interface PlatformSetup {
  statusIntegrationId: string;
}

const COMPARISONS = {
  status: {
    only: 'status',
    title: 'grpc: GetIntegrationStatus via gateway vs bare grpc-js echo',
    ours: 'gateway → integration',
    rpc: (setup) => call('GetIntegrationStatus', { integrationId: setup.statusIntegrationId }),
    goal: 0.6,
  },
  analyzeReplica: {
    only: 'analyze',
    title: 'grpc: AnalyzeSecurity no-wait via gateway vs bare grpc-js echo (analysis service as an API replica)',
    ours: 'gateway → analysis (row+job)',
    rpc: () => ANALYZE,
    goal: 0.4,
  },
  analyzeAllInOne: {
    only: 'analyze-runs',
    title: 'grpc: AnalyzeSecurity no-wait via gateway vs bare grpc-js echo (runs on the same cores)',
    ours: 'gateway → analysis (row+job), runs',
    rpc: () => ANALYZE,
  },
} satisfies Record<string, Comparison>;

const ANALYZE = call('AnalyzeSecurity', { projectId: 'bench', targetUrl: 'http://127.0.0.1:9/', waitForResult: false });

/**
 * The gateway's public gRPC port (API key, rate limit, validation, signed forwarding to the
 * analysis or integration service) against a bare grpc-js server for the same proto answering from
 * memory, each in its own process, same proto-loader client, 100 calls in flight:
 *
 * - GetIntegrationStatus (goal ≥ 60%);
 * - AnalyzeSecurity with wait_for_result=false, "a row and a job per call" (goal ≥ 40%), with the
 *   analysis service deployed as an API replica (no worker slots: the jobs wait for a worker tier),
 *   so both sides are measured on their own calls;
 * - the same with the service's default 4 worker slots running the analyses (no-op engine) on the
 *   same two cores while calls come in: informational, as the bare rounds then also absorb runs
 *   and events left over from our rounds, which moves the ratio in both directions.
 *
 * Every round also reads the CPU each process spent (ours: services, Postgres, Redis, the client in
 * this process; bare: its server and the same client), which moves far less with machine load than
 * calls/s do. Returns the reports.
 */
export async function runGrpcBenchmark(context: BenchContext): Promise<ComparisonReport[]> {
  const barePort = await freePort();
  const bare = spawn(
    process.execPath,
    [BARE_SERVER, String(barePort), join(PROTO_DIR, 'security_orchestrator.proto')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baseline = publicClient(`127.0.0.1:${barePort}`, credentials.createInsecure());
  try {
    await new Promise<void>((resolve, reject) => {
      bare.stdout?.once('data', () => resolve());
      bare.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    const bareSide = {
      client: baseline,
      cpu: () =>
        new Map([
          ['bare server', processCpuMs(bare.pid ?? -1)],
          ['bench client', ownCpuMs()],
        ]),
    };
    const selected = (list: Comparison[]) =>
      list.filter((comparison) => ONLY === undefined || ONLY === comparison.only);
    const reports: ComparisonReport[] = [];
    // The service's default worker slots, unless SO_BENCH_GRPC_ANALYSIS_WORKERS says otherwise.
    const allInOne = selected([COMPARISONS.status, COMPARISONS.analyzeAllInOne]);
    if (allInOne.length > 0) reports.push(...(await onPlatform(context, 4, ANALYSIS_WORKERS, allInOne, bareSide)));
    const replica = selected([COMPARISONS.analyzeReplica]);
    if (replica.length > 0) reports.push(...(await onPlatform(context, 5, '0', replica, bareSide)));
    return reports;
  } finally {
    baseline.close();
    bare.kill('SIGTERM');
  }
}

interface BareSide {
  client: DynamicClient;
  cpu: () => Map<string, number>;
}

/** Boots the platform on a fresh database and Redis database `redisDatabase`, runs `comparisons`, stops it. */
async function onPlatform(
  context: BenchContext,
  redisDatabase: number,
  analysisWorkers: string | undefined,
  comparisons: Comparison[],
  bareSide: BareSide,
): Promise<ComparisonReport[]> {
  const perRound = Math.max(1000, Math.round(5_000 * context.scale));
  const platform = await bootPlatform({
    databaseUrl: await createBenchDatabase(context.databaseAdminUrl),
    redisUrl: redisDb(context.redisUrl, redisDatabase),
    // The gateway's ceiling for the per-key quota; a full run makes about 70 000 calls.
    env: {
      LOG_LEVEL: 'error',
      RATE_LIMIT_MAX: '1000000',
      ANALYSIS_ENGINE: 'noop',
      ...(analysisWorkers !== undefined ? { ANALYSIS_WORKER_CONCURRENCY: analysisWorkers } : {}),
      ...serviceNodeOptions(),
    },
  });
  const ours = publicClient(platform.gatewayGrpc, credentials.createInsecure());
  try {
    const auth = new Metadata();
    auth.set('authorization', `Bearer ${platform.apiKey}`);
    // The integration read by GetIntegrationStatus lives in a project of its own: in the analyses'
    // project every analysis would also be pushed to its (unreachable) endpoint, with retries, and
    // that work — the integrations benchmark's subject — would run under both comparisons.
    const created = await new Promise<{ integrationId: string }>((resolve, reject) =>
      ours.CreateIntegration(
        { projectId: 'bench-status', name: 'bench', type: 'generic_http', config: { url: 'http://127.0.0.1:9/hook' } },
        auth,
        (error: ServiceError | null, value: { integrationId: string }) => (error ? reject(error) : resolve(value)),
      ),
    );
    const postgres = serverCpu('postgres', Number(new URL(context.databaseAdminUrl).port));
    const redis = serverCpu('redis', Number(new URL(context.redisUrl).port));
    const oursCpu = () =>
      new Map([
        ...serviceCpuMs(),
        ['postgres', postgres.read()],
        ['redis', redis.read()],
        ['bench client', ownCpuMs()],
      ]);
    const measured = (
      name: string,
      client: DynamicClient,
      rpc: Rpc,
      cpu: () => Map<string, number>,
      tally: ServiceCpuTally,
    ) => ({
      name,
      round: async () => {
        const before = cpu();
        const result = await runRound(perRound, IN_FLIGHT, () => rpc(client, auth));
        tally.add(before, cpu(), perRound);
        return result;
      },
    });
    const reports: ComparisonReport[] = [];
    for (const comparison of comparisons) {
      const rpc = comparison.rpc({ statusIntegrationId: created.integrationId });
      const oursTally = new ServiceCpuTally();
      const bareTally = new ServiceCpuTally();
      const report = await compare(
        comparison.title,
        measured(comparison.ours, ours, rpc, oursCpu, oursTally),
        measured('bare grpc-js echo', bareSide.client, rpc, bareSide.cpu, bareTally),
        5,
        comparison.goal,
      );
      printReport(report);
      // Queued work (runs, event consumers) is counted while it runs in our rounds, not after them.
      process.stdout.write(
        `  CPU per call during our rounds: ${oursTally.perCall()}; all ${oursTally.totalPerCall().toFixed(3)} ms\n`,
      );
      process.stdout.write(
        `  CPU per call during bare rounds: ${bareTally.perCall()}; all ${bareTally.totalPerCall().toFixed(3)} ms` +
          ` (bare/ours ${((100 * bareTally.totalPerCall()) / oursTally.totalPerCall()).toFixed(1)}%)\n`,
      );
      reports.push(report);
    }
    return reports;
  } finally {
    ours.close();
    await platform.close();
  }
}
