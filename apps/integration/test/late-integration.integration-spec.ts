import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createDomainEvent, ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS, type AnyDomainEvent } from '@so/contracts';
import { EventBusPublisher, internalCallMetadata, type RunningService } from '@so/shared';
import { createTestDatabase, freePort, leaseTestRedis, waitFor, type TestDatabase, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { bootstrapIntegrationService } from '../src/bootstrap.js';
import { startWebhookReceiver, type FakeReceiver } from './testing/fake-receivers.js';

const INTERNAL_TOKEN = 'test-internal-token-0123456789';
const SECRETS_KEY = randomBytes(32).toString('base64');
const PROJECT = 'late-integration';

type Unary = (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: Record<string, unknown>) => void) => void;

/**
 * A completion of a project without an integration schedules nothing (the recording statement tells
 * so, without a statement of its own), yet an integration created on any replica before a later
 * completion is consumed gets that completion pushed: nothing about "no integration" is remembered.
 */
describe('integration created after completions of its project', () => {
  let database: TestDatabase;
  let lease: TestRedisLease;
  let replicas: Array<{ service: RunningService; grpcPort: number }>;
  let redis: Redis;
  let db: pg.Client;
  let receiver: FakeReceiver;
  const orgId = randomUUID();

  beforeAll(async () => {
    [database, lease, receiver] = await Promise.all([createTestDatabase(), leaseTestRedis(), startWebhookReceiver()]);
    redis = new Redis(lease.url);
    replicas = [];
    // Two replicas in one consumer group: each event is handled by one of them.
    for (let index = 0; index < 2; index++) {
      const grpcPort = await freePort();
      const service = await bootstrapIntegrationService({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        HTTP_PORT: '0',
        GRPC_PORT: String(grpcPort),
        DATABASE_URL: database.url,
        REDIS_URL: lease.url,
        INTERNAL_TOKEN,
        SECRETS_KEY,
        INTEGRATION_ALLOWLIST: '127.0.0.1',
        APOLLO_TELEMETRY_DISABLED: 'true',
      });
      replicas.push({ service, grpcPort });
    }
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    for (const replica of replicas ?? []) await replica.service.close();
    await redis?.quit();
    await receiver?.close();
    await lease?.release();
    await database?.drop();
  });

  async function createIntegration(grpcPort: number, url: string): Promise<string> {
    const definition = grpc.loadPackageDefinition(protoLoader.loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] })) as unknown as {
      security: { orchestrator: { SecurityOrchestratorService: grpc.ServiceClientConstructor } };
    };
    const client = new definition.security.orchestrator.SecurityOrchestratorService(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    try {
      const create = (client as unknown as Record<string, Unary>).CreateIntegration as Unary;
      const metadata = internalCallMetadata({ orgId, principalId: 'key-1', scopes: [] }, INTERNAL_TOKEN);
      const request = { projectId: PROJECT, name: 'siem', type: 'generic_http', config: { url, minSeverity: 'info' } };
      const created = await new Promise<Record<string, unknown>>((resolve, reject) => create.call(client, request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
      return String(created.integrationId);
    } finally {
      client.close();
    }
  }

  function analysisEvents(analysisId: string): AnyDomainEvent[] {
    const correlationId = randomUUID();
    return [
      createDomainEvent({
        type: 'finding.detected',
        orgId,
        projectId: PROJECT,
        correlationId,
        data: { analysisId, findingId: randomUUID(), ruleId: 'API1-BOLA', title: 'BOLA', severity: 'high', owaspCategory: 'API1:2023', cweId: 'CWE-639', location: 'GET /orders/{id}', fingerprint: `fp-${analysisId}` },
      }),
      createDomainEvent({
        type: 'analysis.completed',
        orgId,
        projectId: PROJECT,
        correlationId,
        data: { analysisId, status: 'COMPLETED', findingCount: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, score: 80, durationMs: 5 },
      }),
    ];
  }

  const pushedAnalyses = () => receiver.requests.map((request) => (JSON.parse(request.body) as { analysisId: string }).analysisId);

  async function recordedCompletions(analysisIds: string[]): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM integration.integration_events WHERE event_type = 'analysis.completed' AND analysis_id = ANY($1::uuid[])`,
      [analysisIds],
    );
    return rows[0]?.n ?? 0;
  }

  it('Deliver - pushes every completion consumed after the integration was created on another replica, none from before', async () => {
    const publisher = new EventBusPublisher(redis);
    const before = Array.from({ length: 4 }, () => randomUUID());
    await publisher.publish(before.flatMap(analysisEvents));
    await waitFor(async () => (await recordedCompletions(before)) === before.length, 10_000);
    const { rows } = await db.query('SELECT 1 FROM integration.integration_deliveries WHERE analysis_id = ANY($1::uuid[])', [before]);
    expect(rows).toEqual([]);

    // Created through the second replica; the completions below are handled by either.
    const [, second] = replicas;
    await createIntegration(second?.grpcPort ?? 0, `${receiver.url}/findings`);
    const after = Array.from({ length: 8 }, () => randomUUID());
    for (const analysisId of after) await publisher.publish(analysisEvents(analysisId));

    await waitFor(() => after.every((analysisId) => pushedAnalyses().includes(analysisId)), 15_000);
    expect(pushedAnalyses().sort()).toEqual([...after].sort());
  });
});
