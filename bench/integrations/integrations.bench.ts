import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createDomainEvent, ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS, type AnyDomainEvent } from '@so/contracts';
import { genericHttpSignature } from '@so/integration-connectors';
import { createRedisConnection, EventBusPublisher, internalCallMetadata } from '@so/shared';
import { freePort } from '@so/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { bootstrapIntegrationService } from '../../apps/integration/src/bootstrap.js';
import { AwaitingReceiver } from '../lib/awaiting-receiver.js';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import { runRound } from '../lib/round.js';

const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const IN_FLIGHT = 50;
const ORG = 'bench-org';
const PROJECT = 'bench';

/**
 * Pushes per second to a local HTTP receiver with 50 analyses in flight: a finding and its
 * analysis's completion published on the stream → integration service in process (record both
 * events, schedule a delivery row, BullMQ job, circuit-breaker transaction, signed undici POST,
 * status and delivery rows) → receiver, against a bare sender (`undici.request` + the same HMAC,
 * nothing persisted) posting the same body to the same receiver.
 */
export async function runIntegrationsBenchmark(context: BenchContext): Promise<ComparisonReport> {
  const perRound = Math.max(200, Math.round(1500 * context.scale));
  // The external tool: answers 200 and resolves whoever waits for the analysis id in the body.
  const receiver = new AwaitingReceiver((body) => (body as { analysisId: string }).analysisId, 200);
  const url = `http://127.0.0.1:${await receiver.start()}/findings`;
  const redisUrl = redisDb(context.redisUrl, 5);
  const grpcPort = await freePort();
  const service = await bootstrapIntegrationService({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: await createBenchDatabase(context.databaseAdminUrl),
    REDIS_URL: redisUrl,
    INTERNAL_TOKEN,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    INTEGRATION_ALLOWLIST: '127.0.0.1',
    DISPATCH_CONCURRENCY: String(IN_FLIGHT),
  });
  const publisherConnection = createRedisConnection(redisUrl, 'bench-publisher');
  const publisher = new EventBusPublisher(publisherConnection);
  const dispatcher = new Agent({ connections: IN_FLIGHT, keepAliveTimeout: 10_000 });

  try {
    await createGenericIntegration(`127.0.0.1:${grpcPort}`, url);
    const ours = {
      name: 'events → integration service → receiver',
      round: () =>
        runRound(perRound, IN_FLIGHT, async () => {
          const analysisId = randomUUID();
          const arrived = receiver.expect(analysisId);
          await publisher.publish(analysisEvents(analysisId));
          await arrived;
        }),
    };
    const baseline = {
      name: 'bare undici.request + HMAC',
      round: () =>
        runRound(perRound, IN_FLIGHT, async () => {
          const analysisId = randomUUID();
          const arrived = receiver.expect(analysisId);
          const body = JSON.stringify({ deliveryId: randomUUID(), analysisId, projectId: PROJECT, findings: [benchFinding()] });
          const timestamp = String(Math.floor(Date.now() / 1000));
          const response = await request(url, {
            method: 'POST',
            dispatcher,
            body,
            headers: { 'content-type': 'application/json', 'x-so-timestamp': timestamp, 'x-so-signature': genericHttpSignature(SIGNING_SECRET, timestamp, body) },
          });
          await response.body.dump();
          await arrived;
        }),
    };
    const comparison = await compare('integrations: pushes/s (50 analyses in flight) vs bare undici sender', ours, baseline, 5);
    printReport(comparison);
    return comparison;
  } finally {
    await dispatcher.close();
    await publisherConnection.quit();
    await service.close();
    await receiver.stop();
  }
}

async function createGenericIntegration(address: string, url: string): Promise<void> {
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] })) as unknown as {
    security: { orchestrator: { SecurityOrchestratorService: grpc.ServiceClientConstructor } };
  };
  const client = new definition.security.orchestrator.SecurityOrchestratorService(address, grpc.credentials.createInsecure());
  const metadata = internalCallMetadata({ orgId: ORG, principalId: 'bench', scopes: [] }, INTERNAL_TOKEN);
  const create = (client as unknown as Record<string, (r: object, m: grpc.Metadata, cb: (e: grpc.ServiceError | null) => void) => void>).CreateIntegration;
  try {
    await new Promise<void>((resolve, reject) =>
      create?.call(
        client,
        { projectId: PROJECT, name: 'bench', type: 'generic_http', config: { url, minSeverity: 'info' }, credentials: { signingSecret: SIGNING_SECRET } },
        metadata,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  } finally {
    client.close();
  }
}

function benchFinding() {
  return { findingId: randomUUID(), ruleId: 'API1-BOLA', title: 'Object level authorization', severity: 'high' as const, owaspCategory: 'API1:2023', cweId: 'CWE-639', location: 'GET /orders/{id}', fingerprint: 'fp-bench' };
}

function analysisEvents(analysisId: string): AnyDomainEvent[] {
  const correlationId = randomUUID();
  return [
    createDomainEvent({ type: 'finding.detected', orgId: ORG, projectId: PROJECT, correlationId, data: { analysisId, ...benchFinding() } }),
    createDomainEvent({
      type: 'analysis.completed',
      orgId: ORG,
      projectId: PROJECT,
      correlationId,
      data: { analysisId, status: 'COMPLETED', findingCount: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, score: 90, durationMs: 5 },
    }),
  ];
}
