import { credentials, loadPackageDefinition, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { bootstrapAnalysisService } from '../../apps/analysis/src/bootstrap.js';
import { ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS, type AnyDomainEvent } from '@so/contracts';
import { createRedisConnection, EventBusConsumer, internalCallMetadata } from '@so/shared';
import { Queue, Worker } from 'bullmq';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import { runRound } from '../lib/round.js';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { freePort } from '@so/testing';

const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const IN_FLIGHT = 100;
/**
 * Jobs each side's worker runs at once. The no-op engine makes a job a few round trips, so with
 * the service default (4, sized for real scans) the worker would wait on latency, not do work;
 * both sides get the same value.
 */
const WORKER_CONCURRENCY = 32;

type AnalyzeFn = (request: object, metadata: ReturnType<typeof internalCallMetadata>, callback: (error: ServiceError | null, response?: { analysisId: string }) => void) => void;

/**
 * Analyses dispatched through the real path (gRPC AnalyzeSecurity without waiting → analysis row +
 * outbox in one transaction → BullMQ job → worker with the no-op engine → `analysis.completed`
 * consumed from the event stream), against bare BullMQ add/process of no-op jobs on the same Redis.
 */
export async function runJobBusBenchmark(context: BenchContext): Promise<ComparisonReport> {
  const perRound = Math.max(200, Math.round(2000 * context.scale));
  const databaseUrl = await createBenchDatabase(context.databaseAdminUrl);
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const ourRedis = redisDb(context.redisUrl, 1);
  const service = await bootstrapAnalysisService({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: databaseUrl,
    REDIS_URL: ourRedis,
    INTERNAL_TOKEN,
    ANALYSIS_ENGINE: 'noop',
    ANALYSIS_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    TARGET_ALLOWLIST: '127.0.0.1',
  });

  const definition = loadPackageDefinition(loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] }));
  const ServiceClient = (definition as unknown as { security: { orchestrator: { SecurityOrchestratorService: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client } } }).security.orchestrator.SecurityOrchestratorService;
  const client = new ServiceClient(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
  const analyze = (client as unknown as { AnalyzeSecurity: AnalyzeFn }).AnalyzeSecurity.bind(client);

  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  const consumer = new EventBusConsumer(createRedisConnection(ourRedis, 'bench-consumer'), {
    group: 'bench-job-bus',
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
  const identity = { orgId: 'bench-org', principalId: 'bench', scopes: ['analyses:write'] };

  const ours = {
    name: 'gRPC → row+outbox → BullMQ → worker → event',
    round: () =>
      runRound(perRound, IN_FLIGHT, () =>
        new Promise<void>((resolve, reject) => {
          analyze({ projectId: 'bench', targetUrl: 'http://127.0.0.1:9/', waitForResult: false }, internalCallMetadata(identity, INTERNAL_TOKEN), (error, response) => {
            if (error || !response) return reject(error ?? new Error('empty response'));
            if (early.delete(response.analysisId)) return resolve();
            waiting.set(response.analysisId, resolve);
          });
        }),
      ),
  };

  const bareConnection = createRedisConnection(redisDb(context.redisUrl, 2), 'bench-bare');
  const queue = new Queue('bench-bare', { connection: bareConnection });
  const done = new Map<string, () => void>();
  const worker = new Worker('bench-bare', async () => undefined, { connection: createRedisConnection(redisDb(context.redisUrl, 2), 'bench-bare-worker'), concurrency: WORKER_CONCURRENCY });
  worker.on('completed', (job) => {
    done.get(job.id ?? '')?.();
    done.delete(job.id ?? '');
  });
  let counter = 0;
  const baseline = {
    name: 'bare BullMQ add → no-op process',
    round: () =>
      runRound(perRound, IN_FLIGHT, async () => {
        const id = `j${counter++}`;
        const finished = new Promise<void>((resolve) => done.set(id, resolve));
        await queue.add('noop', {}, { jobId: id, removeOnComplete: true });
        await finished;
      }),
  };

  try {
    const report = await compare('job-bus: analyses/s end to end vs bare BullMQ jobs/s', ours, baseline, 5, 0.4);
    printReport(report);
    return report;
  } finally {
    await worker.close();
    await queue.close();
    await bareConnection.quit();
    await consumer.stop();
    client.close();
    await service.close();
  }
}
