import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ORCHESTRATOR_PROTO, orchestratorProto, PROTO_ROOT } from '@so/contracts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import protobuf from 'protobufjs';
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
