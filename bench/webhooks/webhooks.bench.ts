import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { createRedisConnection, EventBusPublisher, internalCallMetadata } from '@so/shared';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { bootstrapWebhookService } from '../../apps/webhook/src/bootstrap.js';
import { GrpcTestClient } from '../../apps/webhook/test/testing/grpc-test.client.js';
import { webhookInternalProto } from '@so/contracts';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import { AwaitingReceiver } from '../lib/awaiting-receiver.js';
import type { BenchContext } from '../lib/bench-context.js';
import { withCpuProfile } from '../lib/cpu-profile.js';
import { ownCpuMs, serverCpu, type ServerCpu } from '../lib/server-cpu.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { freePort } from '@so/testing';
import { runRound } from '../lib/round.js';
import { percentile } from '../lib/stats.js';

const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const IN_FLIGHT = 100;
const ORG = 'bench-org';

export interface WebhooksBenchReport extends ComparisonReport {
  /**
   * CPU time per delivery over the measured rounds: this process (service + receiver + load
   * generator), and the bench's Postgres and Redis. Steadier than throughput on a shared machine.
   */
  cpuPerDelivery: { oursUs: number; baselineUs: number; oursPostgresUs: number; oursRedisUs: number };
  /** Event published on the stream → first attempt received, at a steady ~500 events/s. */
  eventToFirstAttempt: { eventsPerSecond: number; events: number; p50Ms: number; p99Ms: number; maxMs: number };
}

/**
 * Deliveries per second to a local receiver with 100 in flight: domain events published on the
 * stream → webhook service in process (fan-out, message rows, BullMQ, signing, undici POST, attempt
 * log) → receiver, against a bare sender (`undici.request` + HMAC, nothing persisted) posting to the
 * same receiver. Then the latency from publishing an event to its first attempt at ~500 events/s.
 */
export async function runWebhooksBenchmark(context: BenchContext): Promise<WebhooksBenchReport> {
  const perRound = Math.max(500, Math.round(4000 * context.scale));
  // The partner: answers 204 and resolves whoever waits for the event id in the body.
  const receiver = new AwaitingReceiver((body) => (body as { id: string }).id, 204);
  const receiverPort = await receiver.start();
  const url = `http://127.0.0.1:${receiverPort}/hook`;
  const redisUrl = redisDb(context.redisUrl, 4);
  const service = await bootstrapWebhookService({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(await freePort()),
    DATABASE_URL: await createBenchDatabase(context.databaseAdminUrl),
    REDIS_URL: redisUrl,
    INTERNAL_TOKEN,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOWLIST: '127.0.0.1',
    WEBHOOK_DELIVERY_CONCURRENCY: String(IN_FLIGHT),
    WEBHOOK_ENDPOINT_CONCURRENCY: String(IN_FLIGHT * 2),
  });
  const admin = new GrpcTestClient(
    webhookInternalProto.WebhookAdminServiceService,
    'WebhookAdminService',
    service.grpcUrl ?? '',
  );
  const publisherConnection = createRedisConnection(redisUrl, 'bench-publisher');
  const publisher = new EventBusPublisher(publisherConnection);
  const dispatcher = new Agent({ connections: IN_FLIGHT, keepAliveTimeout: 10_000 });

  try {
    const { secret } = await admin.call(
      'createEndpoint',
      { url, eventTypes: ['analysis.completed'], description: 'bench', projectId: '' },
      internalCallMetadata({ orgId: ORG, principalId: 'bench', scopes: ['webhooks:write'] }, INTERNAL_TOKEN),
    );
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');

    let counter = 0;
    const servers = [
      serverCpu('postgres', Number(new URL(context.databaseAdminUrl).port)),
      serverCpu('redis', Number(new URL(context.redisUrl).port)),
    ];
    const oursCpu = new CpuMeter(servers);
    const baselineCpu = new CpuMeter(servers);
    const ours = {
      name: 'event → webhook service → receiver',
      round: () =>
        oursCpu.measure(perRound, () =>
          withCpuProfile('webhooks-ours', () =>
            runRound(perRound, IN_FLIGHT, async () => {
              const event = benchEvent(`a-${counter++}`);
              const arrived = receiver.expect(event.id);
              await publisher.publish([event]);
              await arrived;
            }),
          ),
        ),
    };
    const baseline = {
      name: 'bare undici.request + HMAC',
      round: () =>
        baselineCpu.measure(perRound, () =>
          runRound(perRound, IN_FLIGHT, async () => {
            const event = benchEvent(`b-${counter++}`);
            const arrived = receiver.expect(event.id);
            const body = JSON.stringify(event);
            const id = `msg_${randomUUID()}`;
            const timestamp = Math.floor(Date.now() / 1000);
            const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
            const response = await request(url, {
              method: 'POST',
              dispatcher,
              body,
              headers: {
                'content-type': 'application/json',
                'webhook-id': id,
                'webhook-timestamp': String(timestamp),
                'webhook-signature': `v1,${signature}`,
              },
            });
            await response.body.dump();
            await arrived;
          }),
        ),
    };
    const comparison = await compare(
      'webhooks: deliveries/s (100 in flight) vs bare undici sender',
      ours,
      baseline,
      5,
      0.25,
    );
    printReport(comparison);
    const [oursPostgresUs = Number.NaN, oursRedisUs = Number.NaN] = oursCpu.serversPerOperationUs();
    const cpuPerDelivery = {
      oursUs: oursCpu.perOperationUs(),
      baselineUs: baselineCpu.perOperationUs(),
      oursPostgresUs,
      oursRedisUs,
    };
    process.stdout.write(
      `  CPU per delivery: this process ours ${cpuPerDelivery.oursUs.toFixed(0)} µs, bare ${cpuPerDelivery.baselineUs.toFixed(0)} µs;` +
        ` ours also Postgres ${oursPostgresUs.toFixed(0)} µs, Redis ${oursRedisUs.toFixed(0)} µs\n`,
    );

    const eventToFirstAttempt = await measureLatency(
      publisher,
      receiver,
      Math.max(1000, Math.round(5000 * context.scale)),
    );
    process.stdout.write(
      `  event → first attempt at ~${eventToFirstAttempt.eventsPerSecond.toFixed(0)} events/s (${eventToFirstAttempt.events} events): ` +
        `p50 ${eventToFirstAttempt.p50Ms.toFixed(1)} ms  p99 ${eventToFirstAttempt.p99Ms.toFixed(1)} ms  max ${eventToFirstAttempt.maxMs.toFixed(1)} ms` +
        ` (goal p99 < 100 ms: ${eventToFirstAttempt.p99Ms < 100 ? 'met' : 'NOT met'})\n`,
    );
    return { ...comparison, cpuPerDelivery, eventToFirstAttempt };
  } finally {
    admin.close();
    await dispatcher.close();
    await publisherConnection.quit();
    await service.close();
    await receiver.stop();
  }
}

/**
 * CPU time (user + system) of this process, and of the given servers, per operation, summed over the
 * rounds it measured; the first round is compare()'s warm-up and is not counted. Rounds of the two
 * sides alternate, so each side's server time is its own.
 */
class CpuMeter {
  private millis = 0;
  private readonly serverMillis: number[];
  private operations = 0;
  private warmedUp = false;

  constructor(private readonly servers: readonly ServerCpu[]) {
    this.serverMillis = servers.map(() => 0);
  }

  async measure<T>(operations: number, round: () => Promise<T>): Promise<T> {
    if (!this.warmedUp) {
      this.warmedUp = true;
      return round();
    }
    const own = ownCpuMs();
    const servers = this.servers.map((server) => server.read());
    const result = await round();
    this.millis += ownCpuMs() - own;
    this.servers.forEach((server, index) => {
      this.serverMillis[index] = (this.serverMillis[index] ?? 0) + server.read() - (servers[index] ?? 0);
    });
    this.operations += operations;
    return result;
  }

  perOperationUs(): number {
    return this.operations === 0 ? 0 : (this.millis * 1000) / this.operations;
  }

  /** Per server, in the order given; NaN where /proc could not be read. */
  serversPerOperationUs(): number[] {
    return this.serverMillis.map((millis) => (this.operations === 0 ? 0 : (millis * 1000) / this.operations));
  }
}

/** Publishes `total` events at ~500/s (5 every 10 ms) and measures publish → arrival at the receiver. */
async function measureLatency(publisher: EventBusPublisher, receiver: AwaitingReceiver, total: number) {
  const latencies: number[] = [];
  const arrivals: Promise<void>[] = [];
  const started = performance.now();
  for (let sent = 0; sent < total;) {
    const due = started + (sent / 500) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const batch = Array.from({ length: Math.min(5, total - sent) }, () => benchEvent(`l-${sent++}`));
    for (const event of batch) {
      const t0 = performance.now();
      arrivals.push(receiver.expect(event.id).then(() => void latencies.push(performance.now() - t0)));
    }
    // One event per publish call, as a producer's outbox relay would send them.
    await Promise.all(batch.map((event) => publisher.publish([event])));
  }
  await Promise.all(arrivals);
  const seconds = (performance.now() - started) / 1000;
  return {
    eventsPerSecond: total / seconds,
    events: total,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
  };
}

function benchEvent(analysisId: string): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.completed',
    orgId: ORG,
    projectId: 'bench',
    correlationId: randomUUID(),
    data: {
      analysisId,
      status: 'COMPLETED',
      findingCount: 1,
      bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
      score: 90,
      durationMs: 5,
    },
  }) as AnyDomainEvent;
}
