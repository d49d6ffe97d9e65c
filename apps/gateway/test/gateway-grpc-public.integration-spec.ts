import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createDomainEvent, DOMAIN_EVENT_STREAM, ORCHESTRATOR_PROTO, orchestratorProto, PROTO_ROOT } from '@so/contracts';
import { testRedisUrl } from '@so/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { bootstrapGatewayService } from '../src/bootstrap.js';
import type { RunningService } from '@so/shared';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

type DynamicClient = Client & Record<string, (...args: unknown[]) => unknown>;

function publicClient(address: string): DynamicClient {
  const pkg = loadPackageDefinition(loadSync(ORCHESTRATOR_PROTO, { enums: String, defaults: true })) as unknown as {
    security: { orchestrator: { SecurityOrchestratorService: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => DynamicClient } };
  };
  return new pkg.security.orchestrator.SecurityOrchestratorService(address, credentials.createInsecure());
}

function keyMetadata(apiKey: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${apiKey}`);
  return metadata;
}

function unary<T>(client: DynamicClient, method: string, request: object, metadata: Metadata): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method]?.call(client, request, metadata, (error: ServiceError | null, value: T) => (error ? reject(error) : resolve(value)));
  });
}

function expectServiceError(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

/** google.rpc.RetryInfo from the grpc-status-details-bin trailer, decoded with the repository's protos. */
function retryInfo(error: ServiceError): unknown {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(PROTO_ROOT, target));
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
  const decoded = root.lookupType('google.rpc.Status').decode(error.metadata.get('grpc-status-details-bin')[0] as Buffer) as unknown as {
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  const any = decoded.details.find((d) => d.type_url.endsWith('/google.rpc.RetryInfo'));
  const type = root.lookupType('google.rpc.RetryInfo');
  return any && type.toObject(type.decode(any.value), { longs: Number });
}

/** The public gRPC port's quota, scopes and identity forwarding, with a peer double behind the real gateway. */
describe('Gateway public gRPC - quota, scopes, forwarding', () => {
  let harness: GatewayHarness;
  let client: ReturnType<typeof publicClient>;

  beforeAll(async () => {
    harness = await startGatewayHarness({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60' }, {
      getIntegrationStatus: (request) => ({
        integrationId: request.integrationId,
        status: orchestratorProto.IntegrationStatus.ACTIVE,
        message: 'ok',
        lastCheckedAt: '',
      }),
    });
    client = publicClient(harness.gateway.grpcUrl ?? '');
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await harness?.close();
  });

  it('Rate limit - over the per-key quota is RESOURCE_EXHAUSTED with retry-after and google.rpc.RetryInfo', async () => {
    const apiKey = (await harness.createOrg(['integrations:read'])).apiKey.key;
    const id = randomUUID();
    await expect(unary(client, 'GetIntegrationStatus', { integrationId: id }, keyMetadata(apiKey))).resolves.toMatchObject({ integrationId: id, status: 'ACTIVE' });
    // The peer got the caller's signed identity, not the API key.
    const forwarded = harness.peer.calls.at(-1);
    expect(forwarded?.identity?.scopes).toEqual(['integrations:read']);
    expect(forwarded?.metadata.get('authorization')).toEqual([]);
    await unary(client, 'GetIntegrationStatus', { integrationId: id }, keyMetadata(apiKey));
    const error = await expectServiceError(unary(client, 'GetIntegrationStatus', { integrationId: id }, keyMetadata(apiKey)));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    const retryAfter = Number(error.metadata.get('retry-after')[0]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(retryInfo(error)).toMatchObject({ retryDelay: { seconds: retryAfter } });
  });

  it('Scopes - a key without analyses:write gets PERMISSION_DENIED; x-api-key works like Bearer', async () => {
    const apiKey = (await harness.createOrg(['integrations:read'])).apiKey.key;
    const metadata = new Metadata();
    metadata.set('x-api-key', apiKey);
    const error: ServiceError = await expectServiceError(
      unary(client, 'AnalyzeSecurity', { projectId: 'p', targetUrl: 'http://127.0.0.1:9/', waitForResult: false }, metadata),
    );
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.metadata.get('x-error-code')).toEqual(['AUTH.INSUFFICIENT_SCOPE']);
  });
});

/** GetIntegrationStatus answers reused per org and integration, dropped by integration.status_changed on so:events. */
describe('Gateway public gRPC - integration status cache', () => {
  let harness: GatewayHarness;
  let client: ReturnType<typeof publicClient>;
  let redis: Redis;
  let current = orchestratorProto.IntegrationStatus.ACTIVE;

  beforeAll(async () => {
    // A TTL far beyond the test: whatever changes an answer here is the event, not expiry.
    harness = await startGatewayHarness({ GRPC_INTEGRATION_STATUS_CACHE_MS: '60000' }, {
      getIntegrationStatus: (request) => ({ integrationId: request.integrationId, status: current, message: 'from the peer', lastCheckedAt: '' }),
    });
    client = publicClient(harness.gateway.grpcUrl ?? '');
    redis = new Redis(testRedisUrl());
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await redis?.quit();
    await harness?.close();
  });

  it('answers repeats without calling the integration service, and sees a status change as soon as its event is on the stream', async () => {
    const org = await harness.createOrg(['integrations:read']);
    const other = await harness.createOrg(['integrations:read']);
    const id = randomUUID();
    const status = (apiKey: string) => unary<{ status: string }>(client, 'GetIntegrationStatus', { integrationId: id }, keyMetadata(apiKey));
    const peerCalls = () => harness.peer.calls.filter((c) => c.method === 'getIntegrationStatus' && (c.request as { integrationId: string }).integrationId === id).length;

    current = orchestratorProto.IntegrationStatus.ACTIVE;
    await expect(status(org.apiKey.key)).resolves.toMatchObject({ status: 'ACTIVE' });
    current = orchestratorProto.IntegrationStatus.ERROR;
    await expect(status(org.apiKey.key)).resolves.toMatchObject({ status: 'ACTIVE' });
    expect(peerCalls()).toBe(1);
    // Another org's key never gets the first org's answer.
    await expect(status(other.apiKey.key)).resolves.toMatchObject({ status: 'ERROR' });
    expect(peerCalls()).toBe(2);

    const event = createDomainEvent({
      type: 'integration.status_changed',
      orgId: org.org.id,
      projectId: 'p',
      correlationId: randomUUID(),
      data: { integrationId: id, status: 'ERROR', previousStatus: 'ACTIVE', message: 'circuit open' },
    });
    await redis.xadd(DOMAIN_EVENT_STREAM, '*', 'type', event.type, 'event', JSON.stringify(event));
    const deadline = Date.now() + 5_000;
    let seen = 'ACTIVE';
    while (seen !== 'ERROR' && Date.now() < deadline) {
      seen = (await status(org.apiKey.key)).status;
      if (seen !== 'ERROR') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe('ERROR');
  });
});

/** Two gateway replicas on one Redis: each leases blocks of a key's window, and together they never pass the limit. */
describe('Gateway public gRPC - per-key quota across replicas', () => {
  let harness: GatewayHarness;
  let second: RunningService;
  let clients: Array<ReturnType<typeof publicClient>>;

  beforeAll(async () => {
    // 300 per window: each replica leases 3 requests at a time (1 %).
    harness = await startGatewayHarness({ RATE_LIMIT_MAX: '300', RATE_LIMIT_WINDOW_SECONDS: '60' }, {
      getIntegrationStatus: (request) => ({ integrationId: request.integrationId, status: orchestratorProto.IntegrationStatus.ACTIVE, message: 'ok', lastCheckedAt: '' }),
    });
    second = await bootstrapGatewayService(harness.env);
    clients = [publicClient(harness.gateway.grpcUrl ?? ''), publicClient(second.grpcUrl ?? '')];
  }, 60_000);

  afterAll(async () => {
    for (const client of clients ?? []) client.close();
    await second?.close();
    await harness?.close();
  });

  it('lets exactly the limit through, spread over both replicas; the rest is RESOURCE_EXHAUSTED with RetryInfo', async () => {
    const apiKey = (await harness.createOrg(['integrations:read'])).apiKey.key;
    const id = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        unary(clients[i % 2] as DynamicClient, 'GetIntegrationStatus', { integrationId: id }, keyMetadata(apiKey)).then(
          () => ({ replica: i % 2, error: undefined }),
          (error: ServiceError) => ({ replica: i % 2, error }),
        ),
      ),
    );
    const allowed = outcomes.filter((o) => o.error === undefined);
    expect(allowed).toHaveLength(300);
    // Both replicas served part of the quota.
    expect(new Set(allowed.map((o) => o.replica)).size).toBe(2);
    const refused = outcomes.filter((o) => o.error !== undefined).map((o) => o.error as ServiceError);
    expect(refused.every((e) => e.code === status.RESOURCE_EXHAUSTED)).toBe(true);
    const retryAfter = Number(refused[0]?.metadata.get('retry-after')[0]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryInfo(refused[0] as ServiceError)).toMatchObject({ retryDelay: { seconds: retryAfter } });
  });
});
