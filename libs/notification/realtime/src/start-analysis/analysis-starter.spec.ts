import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { orchestratorProto } from '@so/contracts';
import { correlationFromMetadata, DomainException, identityFromMetadata, toGrpcStatus } from '@so/shared';
import type { RealtimeOptions } from '../realtime.options.js';
import { AnalysisStarter } from './analysis-starter.js';

type Request = orchestratorProto.SecurityAnalysisRequest;
type Response = orchestratorProto.SecurityAnalysisResponse;
type Answer = (request: Request) => Response | Partial<StatusObject> | 'never';

const INTERNAL_TOKEN = 'analysis-starter-test-token';
const caller = { orgId: 'org-a', principalId: 'key-1', scopes: ['analyses:write'] };

const options = (analysisGrpcUrl: string, startDeadlineMs = 2_000): RealtimeOptions => ({
  redisUrl: 'redis://127.0.0.1:1',
  internalToken: INTERNAL_TOKEN,
  corsOrigins: [],
  instanceId: 'test',
  maxSubscriptionsPerSocket: 10,
  maxMessageBytes: 1024,
  analysisGrpcUrl,
  startDeadlineMs,
  startsPerMinute: 10,
});

const refused = (error: DomainException) => toGrpcStatus(error, () => undefined);

/** Against a real grpc-js server standing in for the analysis service on a loopback port. */
describe(AnalysisStarter.name, () => {
  const server = new Server();
  const received: ServerUnaryCall<Request, Response>[] = [];
  let answer: Answer;
  let starter: AnalysisStarter;
  let address: string;

  beforeAll(async () => {
    server.addService(orchestratorProto.SecurityOrchestratorServiceService, {
      analyzeSecurity: (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
        received.push(call);
        const answered = answer(call.request);
        if (answered === 'never') return;
        if ('analysisId' in answered) callback(null, answered);
        else callback(answered);
      },
    } as UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
    starter = new AnalysisStarter(options(address));
  });
  afterAll(() => {
    starter.onApplicationShutdown();
    server.forceShutdown();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const errorOf = (run: Promise<unknown>) =>
    run.then(
      () => undefined,
      (caught: unknown) => caught,
    );

  it('starts the analysis without waiting, on behalf of the caller, under the given correlation id', async () => {
    answer = (request) => ({
      analysisId: 'analysis-1',
      projectId: request.projectId,
      status: orchestratorProto.AnalysisStatus.PENDING,
      findings: [],
      errorMessage: '',
      createdAt: new Date().toISOString(),
      completedAt: '',
    });

    const started = await starter.start(
      caller,
      {
        projectId: 'shop-api',
        targetUrl: 'https://api.shop.test',
        idempotencyKey: 'build-7',
        config: { deepScan: true },
      },
      'corr-42',
    );

    expect(started).toEqual({ analysisId: 'analysis-1', projectId: 'shop-api', status: 'PENDING' });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(identityFromMetadata(call.metadata, INTERNAL_TOKEN)).toEqual(caller);
    expect(correlationFromMetadata(call.metadata)).toBe('corr-42');
    expect(call.request).toMatchObject({
      projectId: 'shop-api',
      targetUrl: 'https://api.shop.test',
      openapiSpec: '',
      idempotencyKey: 'build-7',
      waitForResult: false,
      config: { deepScan: true, maxDepth: 0, vulnerabilityTypes: [], enableAiAnalysis: false, timeoutSeconds: 0 },
    });
  });

  it("passes the analysis service's refusals on with their wording", async () => {
    answer = () =>
      refused(
        new DomainException('INVALID_ARGUMENT', 'ANALYSIS.INVALID_REQUEST', 'invalid request', [
          { field: 'targetUrl', description: 'must use http or https' },
          { field: 'config.maxDepth', description: 'must be at most 10' },
        ]),
      );
    await expect(starter.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({
      errorCode: 'INVALID_PAYLOAD',
      message: 'targetUrl must use http or https; config.maxDepth must be at most 10',
    });

    answer = () =>
      refused(
        new DomainException(
          'FAILED_PRECONDITION',
          'ANALYSIS.IDEMPOTENCY_CONFLICT',
          'key build-7 was used for another request',
        ),
      );
    await expect(starter.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({
      errorCode: 'REJECTED',
      message: 'key build-7 was used for another request',
    });

    answer = () =>
      refused(new DomainException('PERMISSION_DENIED', 'ANALYSIS.FORBIDDEN', 'project p belongs to another org'));
    await expect(starter.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({ errorCode: 'FORBIDDEN' });
  });

  it('answers UNAVAILABLE without internal details to transport trouble, and tries a start only once', async () => {
    answer = () => ({ code: status.UNAVAILABLE, details: 'connect ECONNREFUSED 10.0.0.7:50051' });
    const error = await errorOf(starter.start(caller, { projectId: 'p', idempotencyKey: 'k' }, 'c'));
    expect(error).toMatchObject({
      errorCode: 'UNAVAILABLE',
      message: 'the analysis service is not reachable right now: try again shortly',
    });
    expect(received).toHaveLength(1);

    // A refused identity is the platform's trouble (INTERNAL_TOKEN mismatch), not the client's.
    answer = () =>
      refused(new DomainException('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'a valid caller identity is required'));
    await expect(starter.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({ errorCode: 'UNAVAILABLE' });
  });

  it('gives up at the start deadline', async () => {
    answer = () => 'never';
    const impatient = new AnalysisStarter(options(address, 300));
    const startedAt = Date.now();
    await expect(impatient.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({ errorCode: 'UNAVAILABLE' });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    impatient.onApplicationShutdown();
  });

  it('refuses at once when the analysis service is down', async () => {
    const offline = new AnalysisStarter(options('127.0.0.1:1'));
    await expect(offline.start(caller, { projectId: 'p' }, 'c')).rejects.toMatchObject({ errorCode: 'UNAVAILABLE' });
    offline.onApplicationShutdown();
  });
});
