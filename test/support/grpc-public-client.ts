import { credentials, loadPackageDefinition, Metadata, type ChannelCredentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** proto/ of the repository, found from source or from dist/. */
function protoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'proto', 'security_orchestrator.proto'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('proto/ not found');
    dir = parent;
  }
  return join(dir, 'proto');
}

export const PROTO_DIR = protoRoot();

/** A method of a client built at run time; proto-loader clients have no static types. */
export type DynamicMethod = (...args: unknown[]) => unknown;
export type DynamicClient = Client & Record<string, DynamicMethod>;

type PublicServiceName = 'SecurityOrchestratorService' | 'SecurityAnalysisQueryService';

/** A client built from the .proto alone with @grpc/proto-loader, as a peer team would (no generated code). */
export function publicClient(
  address: string,
  channel: ChannelCredentials = credentials.createInsecure(),
  options: object = {},
  service: PublicServiceName = 'SecurityOrchestratorService',
): DynamicClient {
  const definition = loadSync(join(PROTO_DIR, 'security_orchestrator.proto'), { keepCase: false, longs: Number, enums: String, defaults: true });
  const pkg = loadPackageDefinition(definition) as unknown as {
    security: { orchestrator: Record<PublicServiceName, new (address: string, creds: ChannelCredentials, options: object) => Client> };
  };
  return new pkg.security.orchestrator[service](address, channel, options) as DynamicClient;
}

export function healthClient(address: string, channel: ChannelCredentials = credentials.createInsecure()): DynamicClient {
  const definition = loadSync(join(PROTO_DIR, '..', 'node_modules', 'grpc-health-check', 'proto', 'health', 'v1', 'health.proto'), { enums: String });
  const pkg = loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: new (address: string, creds: ChannelCredentials) => Client } } } };
  return new pkg.grpc.health.v1.Health(address, channel) as DynamicClient;
}

export function keyMetadata(apiKey: string, extra: Record<string, string> = {}): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${apiKey}`);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return metadata;
}

export function unary<T>(client: DynamicClient, method: string, request: object, metadata: Metadata, deadlineMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    (client[method] as DynamicMethod).call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (error: ServiceError | null, response: T) =>
      error ? reject(error) : resolve(response),
    );
  });
}

export function expectServiceError(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

const rpcRoot = new protobuf.Root();
rpcRoot.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(PROTO_DIR, target));
rpcRoot.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);

export interface RichStatus {
  code: number;
  message: string;
  details: Array<{ type: string; value: Record<string, unknown> }>;
}

/** Decodes `grpc-status-details-bin` (google.rpc.Status) and each Any it carries. */
export function richStatus(error: ServiceError): RichStatus | undefined {
  const raw = error.metadata?.get('grpc-status-details-bin')[0];
  if (!(raw instanceof Buffer)) return undefined;
  // Not toObject: protobufjs would unpack the Any values itself; a peer decodes each by its type URL.
  const status = rpcRoot.lookupType('google.rpc.Status').decode(raw) as unknown as {
    code: number;
    message: string;
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  return {
    code: status.code,
    message: status.message,
    details: status.details.map((any) => {
      const type = any.type_url.replace('type.googleapis.com/', '');
      const messageType = rpcRoot.lookupType(type);
      return { type, value: messageType.toObject(messageType.decode(any.value), { defaults: true, longs: Number }) as Record<string, unknown> };
    }),
  };
}
