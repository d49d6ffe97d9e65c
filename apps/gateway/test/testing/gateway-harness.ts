import { bootstrapGatewayService } from '../../src/bootstrap.js';
import { CreateOrgWithApiKeyUseCase, gatewayDataSourceOptions, type CreatedOrgWithApiKey } from '@so/gateway-identity';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@so/testing';
import type { RunningService } from '@so/shared';
import { DataSource } from 'typeorm';
import { startGrpcPeerDouble, type GrpcPeerDouble, type PeerHandlers } from './grpc-peer-double.js';
import { startPlatformSubgraphs, type SubgraphDouble } from './subgraph-double.js';

export const INTERNAL_TOKEN = 'gateway-test-internal-token-0123456789';

export interface GatewayHarness {
  url: string;
  gateway: RunningService;
  peer: GrpcPeerDouble;
  subgraphs: Record<'analysis' | 'integration' | 'webhook', SubgraphDouble>;
  database: TestDatabase;
  /** A second connection to the gateway's database, for arranging orgs and keys. */
  dataSource: DataSource;
  env: Record<string, string>;
  createOrg(scopes?: string[]): Promise<CreatedOrgWithApiKey>;
  close(): Promise<void>;
}

/**
 * The real gateway (bootstrapGatewayService) on a fresh database and the test Redis, with real
 * gRPC and GraphQL peer doubles on loopback ports.
 */
export async function startGatewayHarness(
  envOverrides: Record<string, string> = {},
  handlers: PeerHandlers = {},
): Promise<GatewayHarness> {
  const database = await createTestDatabase();
  const peer = await startGrpcPeerDouble(INTERNAL_TOKEN, handlers);
  const subgraphs = await startPlatformSubgraphs(INTERNAL_TOKEN);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    INTERNAL_TOKEN,
    ANALYSIS_GRPC_URL: peer.address,
    WEBHOOK_GRPC_URL: peer.address,
    INTEGRATION_GRPC_URL: peer.address,
    ANALYSIS_GRAPHQL_URL: subgraphs.analysis.url,
    INTEGRATION_GRAPHQL_URL: subgraphs.integration.url,
    WEBHOOK_GRAPHQL_URL: subgraphs.webhook.url,
    NOTIFICATION_HTTP_URL: 'http://127.0.0.1:9',
    SUBGRAPH_WAIT_SECONDS: '5',
    ...envOverrides,
  };
  const closers: Array<() => Promise<unknown>> = [
    () => database.drop(),
    () => peer.close(),
    ...Object.values(subgraphs).map((s) => () => s.close()),
  ];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const gateway = await bootstrapGatewayService(env);
    closers.push(() => gateway.close());
    const dataSource = await new DataSource(gatewayDataSourceOptions(database.url, 2)).initialize();
    closers.push(() => dataSource.destroy());
    return {
      url: gateway.httpUrl,
      gateway,
      peer,
      subgraphs,
      database,
      dataSource,
      env,
      createOrg: (scopes) =>
        new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: `org-${Date.now()}`, scopes }),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
