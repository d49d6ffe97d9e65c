import { bootstrapAnalysisService } from '../../apps/analysis/src/bootstrap.js';
import type { AnyDomainEvent } from '@so/contracts';
import { createRedisConnection, EventBusConsumer, internalCallMetadata } from '@so/shared';
import { Queue, Worker } from 'bullmq';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import { withCpuProfile } from '../lib/cpu-profile.js';
import { runRound } from '../lib/round.js';
import { ownCpuMs, processCpuMs, serverCpu } from '../lib/server-cpu.js';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { freePort } from '@so/testing';
import { analyzeClient, startEchoServer } from './grpc-ceiling.js';
import { startAnalysisProcess } from './service-process.js';

const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const IN_FLIGHT = 100;
/**
 * Jobs each side's worker runs at once. The no-op engine makes a job a few round trips, so with
 * the service default (4, sized for real scans) the worker would wait on latency, not do work;
 * both sides get the same value. 64 (the service's maximum) rather than 32: an analysis job waits
 * for its claim and its completion statement, and at 32 the worker of the real path was still
 * bounded by those waits (interleaved runs: 11.0 % → 12.7 % in process, 11.9 % → 14.6 % in its own
 * process).
 */
const WORKER_CONCURRENCY = 64;
const IDENTITY = { orgId: 'bench-org', principalId: 'bench', scopes: ['analyses:write'] };
const REQUEST = { projectId: 'bench', targetUrl: 'http://127.0.0.1:9/', waitForResult: false };

async function serviceEnv(context: BenchContext, redisDbIndex: number): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(await freePort()),
    DATABASE_URL: await createBenchDatabase(context.databaseAdminUrl),
    REDIS_URL: redisDb(context.redisUrl, redisDbIndex),
    INTERNAL_TOKEN,
    ANALYSIS_ENGINE: 'noop',
    ANALYSIS_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    TARGET_ALLOWLIST: '127.0.0.1',
  };
}

/**
 * One analysis through the real path: AnalyzeSecurity without waiting on the service at `env`'s
 * gRPC port, then its `analysis.completed` read from that service's event stream.
 */
async function analysisPath(env: Record<string, string>, group: string) {
  const client = analyzeClient(`127.0.0.1:${env['GRPC_PORT']}`);
  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  const consumer = new EventBusConsumer(createRedisConnection(env['REDIS_URL'] as string, group), {
    group,
    consumer: `bench-${process.pid}`,
    types: ['analysis.completed', 'analysis.failed'],
    batchSize: 500,
    handle: async (event: AnyDomainEvent) => {
      const id = (event.data as { analysisId: string }).analysisId;
      const resolve = waiting.get(id);
      if (resolve) {
        waiting.delete(id);
        resolve();
      } else early.add(id);
    },
    onError: (error) => process.stderr.write(`consumer: ${String(error)}\n`),
  });
  await consumer.start();
  const path = {
    lastAnswer: undefined as object | undefined,
    once: (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        client.analyze(REQUEST, internalCallMetadata(IDENTITY, INTERNAL_TOKEN), (error, response) => {
          if (error || !response) return reject(error ?? new Error('empty response'));
          path.lastAnswer = response;
          if (early.delete(response.analysisId)) return resolve();
          waiting.set(response.analysisId, resolve);
        });
      }),
    close: async () => {
      await consumer.stop();
      client.close();
    },
  };
  return path;
}

/**
 * Analyses dispatched through the real path (gRPC AnalyzeSecurity without waiting → analysis row +
 * outbox in one transaction → BullMQ job → worker with the no-op engine → `analysis.completed`
 * consumed from the event stream), against bare BullMQ add/process of no-op jobs on the same Redis.
 * The service runs in the bench process (the figure of record, as before) and, measured the same
 * way, in its own process as production runs it. Then, informational: what one gRPC call per
 * analysis alone allows here (a bare in-process echo, and the echo followed by a bare job), and
 * the CPU each side costs per operation in the bench process, the service process, Postgres and Redis.
 */
export async function runJobBusBenchmark(context: BenchContext): Promise<ComparisonReport[]> {
  const perRound = Math.max(200, Math.round(2000 * context.scale));
  const inProcessEnv = await serviceEnv(context, 1);
  const service = await bootstrapAnalysisService(inProcessEnv);
  const ownProcessEnv = await serviceEnv(context, 3);
  const serviceProcess = await startAnalysisProcess(ownProcessEnv, ownProcessEnv['HTTP_PORT'] as string);
  const inProcess = await analysisPath(inProcessEnv, 'bench-job-bus');
  const ownProcess = await analysisPath(ownProcessEnv, 'bench-job-bus-process');
  const ours = { name: 'gRPC → row+outbox → BullMQ → worker → event', round: () => runRound(perRound, IN_FLIGHT, inProcess.once) };
  const oursOwnProcess = { name: 'the same, service in its own process', round: () => runRound(perRound, IN_FLIGHT, ownProcess.once) };

  const bareConnection = createRedisConnection(redisDb(context.redisUrl, 2), 'bench-bare');
  const queue = new Queue('bench-bare', { connection: bareConnection });
  const done = new Map<string, () => void>();
  const worker = new Worker('bench-bare', async () => undefined, { connection: createRedisConnection(redisDb(context.redisUrl, 2), 'bench-bare-worker'), concurrency: WORKER_CONCURRENCY });
  worker.on('completed', (job) => {
    done.get(job.id ?? '')?.();
    done.delete(job.id ?? '');
  });
  let counter = 0;
  const bareJob = async (): Promise<void> => {
    const id = `j${counter++}`;
    const finished = new Promise<void>((resolve) => done.set(id, resolve));
    await queue.add('noop', {}, { jobId: id, removeOnComplete: true });
    await finished;
  };
  const baseline = { name: 'bare BullMQ add → no-op process', round: () => runRound(perRound, IN_FLIGHT, bareJob) };

  let echo: Awaited<ReturnType<typeof startEchoServer>> | undefined;
  let echoClient: ReturnType<typeof analyzeClient> | undefined;
  try {
    const report = await compare('job-bus: analyses/s end to end vs bare BullMQ jobs/s', ours, baseline, 5, 0.4);
    printReport(report);
    const ownProcessReport = await compare('job-bus, service in its own process: analyses/s vs bare BullMQ jobs/s', oursOwnProcess, baseline, 5, 0.4);
    printReport(ownProcessReport);

    // The gRPC hop alone, with the real service's answer, in this process like the service.
    echo = await startEchoServer(inProcess.lastAnswer ?? {});
    const echoAnalyze = analyzeClient(echo.address);
    echoClient = echoAnalyze;
    const echoCall = (): Promise<void> =>
      new Promise<void>((resolve, reject) =>
        echoAnalyze.analyze(REQUEST, internalCallMetadata(IDENTITY, INTERNAL_TOKEN), (error) => (error ? reject(error) : resolve())),
      );
    const echoReport = await compare(
      'job-bus ceiling: bare in-process gRPC echo vs bare BullMQ jobs/s',
      { name: 'bare gRPC AnalyzeSecurity echo', round: () => runRound(perRound, IN_FLIGHT, echoCall) },
      baseline,
      3,
    );
    printReport(echoReport);
    const floorReport = await compare(
      'job-bus ceiling: gRPC echo then bare BullMQ job vs bare BullMQ jobs/s',
      { name: 'bare gRPC echo + bare BullMQ job', round: () => runRound(perRound, IN_FLIGHT, async () => { await echoCall(); await bareJob(); }) },
      baseline,
      3,
    );
    printReport(floorReport);

    await printCpuPerOperation(context, perRound, serviceProcess.pid, [
      ['ours', () => withCpuProfile('job-bus-ours', () => runRound(perRound, IN_FLIGHT, inProcess.once))],
      ['ours, own process', () => withCpuProfile('job-bus-ours-own-process', () => runRound(perRound, IN_FLIGHT, ownProcess.once))],
      ['bare BullMQ', () => withCpuProfile('job-bus-bare', () => runRound(perRound, IN_FLIGHT, bareJob))],
      ['gRPC echo', () => withCpuProfile('job-bus-echo', () => runRound(perRound, IN_FLIGHT, echoCall))],
    ]);
    return [report, ownProcessReport, echoReport, floorReport];
  } finally {
    echoClient?.close();
    await echo?.close();
    await worker.close();
    await queue.close();
    await bareConnection.quit();
    await inProcess.close();
    await ownProcess.close();
    await service.close();
    await serviceProcess.stop();
  }
}

/** CPU milliseconds per operation in each process and server, one side after the other. */
async function printCpuPerOperation(
  context: BenchContext,
  count: number,
  servicePid: number,
  sides: Array<[string, () => Promise<unknown>]>,
): Promise<void> {
  const postgres = serverCpu('postgres', Number(new URL(context.databaseAdminUrl).port));
  const redis = serverCpu('redis', Number(new URL(context.redisUrl).port));
  const read = () => [ownCpuMs(), processCpuMs(servicePid), postgres.read(), redis.read()];
  process.stdout.write(`  CPU ms per operation (${count} operations, ${IN_FLIGHT} in flight):\n`);
  for (const [name, run] of sides) {
    const before = read();
    const started = performance.now();
    await run();
    const seconds = (performance.now() - started) / 1000;
    const [own, service, pg, rd] = read().map((value, index) => (value - (before[index] as number)) / count) as [number, number, number, number];
    process.stdout.write(
      `    ${name.padEnd(18)} bench process ${own.toFixed(2)}  service process ${service.toFixed(2)}  Postgres ${pg.toFixed(2)}  Redis ${rd.toFixed(2)}  total ${(own + service + pg + rd).toFixed(2)}  (${(count / seconds).toFixed(0)}/s)\n`,
    );
  }
}
