import {
  credentials,
  loadPackageDefinition,
  Server,
  ServerCredentials,
  type Client,
  type Metadata,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS } from '@so/contracts';
import { freePort } from '@so/testing';

type Callback = (error: ServiceError | null, response?: { analysisId: string }) => void;
export type AnalyzeFn = (request: object, metadata: Metadata, callback: Callback) => void;

type OrchestratorDefinition = {
  security: {
    orchestrator: {
      SecurityOrchestratorService: (new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client) & {
        service: ServiceDefinition;
      };
    };
  };
};

function orchestratorDefinition(): OrchestratorDefinition {
  return loadPackageDefinition(
    loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] }),
  ) as unknown as OrchestratorDefinition;
}

/** A client's AnalyzeSecurity for the service at `address`. */
export function analyzeClient(address: string): { analyze: AnalyzeFn; close: () => void } {
  const client = new (orchestratorDefinition().security.orchestrator.SecurityOrchestratorService)(address, credentials.createInsecure());
  return { analyze: (client as unknown as { AnalyzeSecurity: AnalyzeFn }).AnalyzeSecurity.bind(client), close: () => client.close() };
}

/**
 * The gRPC hop alone: a bare grpc-js server in this process answering AnalyzeSecurity with a
 * recorded answer of the real service (same message size), no auth, no database. What the bench
 * reaches with it bounds what any service reached through one such call per analysis can reach here.
 */
export async function startEchoServer(answer: object): Promise<{ address: string; close: () => Promise<void> }> {
  const server = new Server();
  server.addService(orchestratorDefinition().security.orchestrator.SecurityOrchestratorService.service, {
    AnalyzeSecurity: (_call: unknown, callback: (error: null, response: object) => void) => callback(null, answer),
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
