import type { Metadata } from '@grpc/grpc-js';
import {
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { analysisInternalProto, orchestratorProto, webhookInternalProto } from '@so/contracts';
import {
  correlationFromMetadata,
  DomainException,
  identityFromMetadata,
  toGrpcStatus,
  type CallerIdentity,
} from '@so/shared';
import { HealthImplementation } from 'grpc-health-check';

export interface RecordedCall {
  method: string;
  request: unknown;
  identity?: CallerIdentity;
  correlationId?: string;
  metadata: Metadata;
}

type Handler<Req, Res> = (request: Req, call: RecordedCall) => Promise<Res> | Res;

export interface PeerHandlers {
  analyzeSecurity?: Handler<orchestratorProto.SecurityAnalysisRequest, orchestratorProto.SecurityAnalysisResponse>;
  getAnalysis?: Handler<analysisInternalProto.GetAnalysisRequest, orchestratorProto.SecurityAnalysisResponse>;
  cancelAnalysis?: Handler<analysisInternalProto.GetAnalysisRequest, orchestratorProto.SecurityAnalysisResponse>;
  createEndpoint?: Handler<webhookInternalProto.CreateEndpointRequest, webhookInternalProto.CreateEndpointResponse>;
  listEndpoints?: Handler<webhookInternalProto.ListEndpointsRequest, webhookInternalProto.ListEndpointsResponse>;
  deleteEndpoint?: Handler<webhookInternalProto.DeleteEndpointRequest, webhookInternalProto.DeleteEndpointResponse>;
  createIntegration?: Handler<orchestratorProto.IntegrationRequest, orchestratorProto.IntegrationResponse>;
  getIntegrationStatus?: Handler<orchestratorProto.IntegrationStatusRequest, orchestratorProto.IntegrationResponse>;
}

export interface GrpcPeerDouble {
  address: string;
  calls: RecordedCall[];
  health: HealthImplementation;
  /** Replace behaviour between tests. */
  handlers: PeerHandlers;
  close(): Promise<void>;
}

/**
 * A real @grpc/grpc-js server on a loopback port, built from the generated service definitions:
 * a test double of a peer at the network boundary. Like the real services it refuses calls
 * without a valid signed identity (UNAUTHENTICATED) and turns thrown DomainExceptions into
 * statuses with toGrpcStatus; it records every call with its metadata.
 */
export async function startGrpcPeerDouble(internalToken: string, handlers: PeerHandlers = {}): Promise<GrpcPeerDouble> {
  const server = new Server();
  const calls: RecordedCall[] = [];
  const double: GrpcPeerDouble = {
    address: '',
    calls,
    health: new HealthImplementation({ '': 'SERVING' }),
    handlers,
    close: async () => undefined,
  };

  const unary =
    (method: keyof PeerHandlers) => (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const recorded: RecordedCall = {
        method,
        request: call.request,
        identity: identityFromMetadata(call.metadata, internalToken),
        correlationId: correlationFromMetadata(call.metadata),
        metadata: call.metadata,
      };
      calls.push(recorded);
      const handler = double.handlers[method] as Handler<unknown, unknown> | undefined;
      if (!recorded.identity) {
        callback({ code: 16, details: 'missing or invalid identity' });
        return;
      }
      if (!handler) {
        callback({ code: 12, details: `${method} not implemented by the double` });
        return;
      }
      Promise.resolve()
        .then(() => handler(call.request, recorded))
        .then(
          (response) => callback(null, response),
          (error: unknown) =>
            callback(
              (isRawStatus(error) ? error : toGrpcStatus(error, () => undefined)) as Parameters<
                sendUnaryData<unknown>
              >[0],
            ),
        );
    };

  server.addService(orchestratorProto.SecurityOrchestratorServiceService, {
    analyzeSecurity: unary('analyzeSecurity'),
    createIntegration: unary('createIntegration'),
    getIntegrationStatus: unary('getIntegrationStatus'),
  } as UntypedServiceImplementation);
  server.addService(analysisInternalProto.AnalysisQueryServiceService, {
    getAnalysis: unary('getAnalysis'),
    cancelAnalysis: unary('cancelAnalysis'),
  } as UntypedServiceImplementation);
  server.addService(webhookInternalProto.WebhookAdminServiceService, {
    createEndpoint: unary('createEndpoint'),
    listEndpoints: unary('listEndpoints'),
    deleteEndpoint: unary('deleteEndpoint'),
  } as UntypedServiceImplementation);
  double.health.addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  double.address = `127.0.0.1:${port}`;
  double.close = () =>
    new Promise<void>((resolve) => server.tryShutdown(() => resolve())).then(() => server.forceShutdown());
  return double;
}

/** A bare gRPC status (`{ code, details }`), as a failing transport or proxy would produce: passed through as is. */
function isRawStatus(error: unknown): error is { code: number; details: string } {
  return typeof (error as { code?: unknown } | null)?.code === 'number' && !(error instanceof DomainException);
}

/** A proto response for an analysis, with proto3 defaults for what is not given. */
export function analysisResponse(
  overrides: Partial<orchestratorProto.SecurityAnalysisResponse>,
): orchestratorProto.SecurityAnalysisResponse {
  return {
    analysisId: '',
    projectId: '',
    status: orchestratorProto.AnalysisStatus.PENDING,
    findings: [],
    metrics: undefined,
    errorMessage: '',
    createdAt: '',
    completedAt: '',
    ...overrides,
  };
}
