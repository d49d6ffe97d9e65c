import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  ANALYSIS_INTERNAL_PROTO,
  DOMAIN_EVENT_STREAM,
  ORCHESTRATOR_PROTO,
  PROTO_LOADER_OPTIONS,
  type AnyDomainEvent,
} from '@so/contracts';
import {
  CORRELATION_HEADER,
  IDENTITY_HEADER,
  signIdentity,
  type CallerIdentity,
  type RunningService,
} from '@so/shared';
import {
  createTestDatabase,
  freePort,
  leaseTestRedis,
  waitFor,
  type TestDatabase,
  type TestRedisLease,
} from '@so/testing';
import { service as healthService } from 'grpc-health-check';
import { Redis } from 'ioredis';
import type { RequestListener } from 'node:http';
import { bootstrapAnalysisService } from '../bootstrap.js';

export const INTERNAL_TOKEN = 'test-internal-token-analysis-0123';

/** A booted analysis service on a fresh database and a leased Redis logical database. */
export interface AnalysisTestService {
  service: RunningService;
  database: TestDatabase;
  redisLease: TestRedisLease;
  redis: Redis;
  close(): Promise<void>;
}

export async function startAnalysisTestService(extraEnv: NodeJS.ProcessEnv = {}): Promise<AnalysisTestService> {
  const database = await createTestDatabase();
  const redisLease = await leaseTestRedis();
  const redis = new Redis(redisLease.url);
  const grpcPort = await freePort();
  const service = await bootstrapAnalysisService({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: database.url,
    REDIS_URL: redisLease.url,
    INTERNAL_TOKEN,
    TARGET_ALLOWLIST: '127.0.0.1',
    ANALYSIS_PROGRESS_INTERVAL_MS: '50',
    ...extraEnv,
  });
  return {
    service,
    database,
    redisLease,
    redis,
    close: async () => {
      await service.close();
      redis.disconnect();
      await redisLease.release();
      await database.drop();
    },
  };
}

export function identity(orgId: string): CallerIdentity {
  return { orgId, principalId: `key-${orgId}`, scopes: ['analyses:write'] };
}

export function callMetadata(orgId: string | null, correlationId?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (orgId) metadata.set(IDENTITY_HEADER, signIdentity(identity(orgId), INTERNAL_TOKEN));
  if (correlationId) metadata.set(CORRELATION_HEADER, correlationId);
  return metadata;
}

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: never) => void,
) => grpc.ClientUnaryCall;

/** Awaits a call that must fail with `code`; returns the error for further checks. */
export async function expectGrpcError(call: Promise<unknown>, code: grpc.status): Promise<grpc.ServiceError> {
  const error = await call.then(
    () => undefined,
    (caught: grpc.ServiceError) => caught,
  );
  expect(error).toBeDefined();
  expect(error?.code).toBe(code);
  return error as grpc.ServiceError;
}

/** Promise wrapper over a dynamic (proto-loader) client method. */
export function unary<T>(
  client: grpc.Client,
  method: string,
  request: object,
  metadata: grpc.Metadata,
  deadlineMs = 10_000,
): Promise<T> {
  const fn = (client as unknown as Record<string, Unary>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) => {
    fn.call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) =>
      error ? reject(error) : resolve(response as T),
    );
  });
}

export interface GrpcClients {
  orchestrator: grpc.Client;
  query: grpc.Client;
  health: grpc.Client;
  close(): void;
}

/** Clients built from the .proto files, exactly as a peer service would build them. */
export function grpcClients(address: string): GrpcClients {
  const definition = protoLoader.loadSync([ORCHESTRATOR_PROTO, ANALYSIS_INTERNAL_PROTO], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    security: {
      orchestrator: {
        SecurityOrchestratorService: grpc.ServiceClientConstructor;
        internal: { AnalysisQueryService: grpc.ServiceClientConstructor };
      };
    };
  };
  const credentials = grpc.credentials.createInsecure();
  const orchestrator = new loaded.security.orchestrator.SecurityOrchestratorService(address, credentials);
  const query = new loaded.security.orchestrator.internal.AnalysisQueryService(address, credentials);
  const HealthClient = grpc.makeClientConstructor(healthService, 'grpc.health.v1.Health');
  const health = new HealthClient(address, credentials);
  return {
    orchestrator,
    query,
    health,
    close: () => [orchestrator, query, health].forEach((client) => client.close()),
  };
}

/** Domain events on the stream that belong to one analysis, in stream order. */
export async function eventsOf(redis: Redis, analysisId: string): Promise<AnyDomainEvent[]> {
  const entries = (await redis.xrange(DOMAIN_EVENT_STREAM, '-', '+')) as Array<[string, string[]]>;
  return entries
    .map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] ?? 'null') as AnyDomainEvent)
    .filter((event) => (event.data as { analysisId?: string }).analysisId === analysisId);
}

/** Waits until an event of `type` for the analysis is on the stream (the relay publishes after commit). */
export function eventsUntil(
  redis: Redis,
  analysisId: string,
  type: AnyDomainEvent['type'],
  timeoutMs = 5000,
): Promise<AnyDomainEvent[]> {
  return waitFor(async () => {
    const events = await eventsOf(redis, analysisId);
    return events.some((event) => event.type === type) ? events : undefined;
  }, timeoutMs);
}

/** What the live checks look for: version headers, permissive CORS, no security headers. */
export const vulnerableTarget: RequestListener = (req, res) => {
  res.setHeader('X-Powered-By', 'Express');
  res.setHeader('Server', 'nginx/1.18.0');
  if (req.headers.origin) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
};

/** Accepts connections and never answers: an analysis against it runs until cancelled. */
export const silentTarget: RequestListener = () => undefined;
