import { Client, credentials, Metadata, status, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { service as healthService } from 'grpc-health-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainException } from '../errors/domain.exception.js';
import { ERROR_KIND_MAPPING } from '../errors/error-mapping.js';
import { fromGrpcError } from '../errors/grpc-errors.js';
import { IDENTITY_HEADER } from '../identity/identity-token.js';
import { CORRELATION_HEADER, correlationIdOrNew } from '../logging/correlation.js';
import type { GrpcPeerOptions, GrpcRetryPolicy, UnaryCallOptions } from './grpc-peer.options.js';
import type { PeerCallContext } from './peer-call-context.js';
import { SignedIdentityCache } from './signed-identity.cache.js';

/** The code of the error a call to a method the peer does not serve fails with. */
export const UNIMPLEMENTED_CODE = 'UPSTREAM.UNIMPLEMENTED';

/**
 * What a peer's UNAUTHENTICATED becomes: the calling service verified its caller before calling, so
 * the peer refused the calling service itself (its INTERNAL_TOKEN), which is the platform's trouble,
 * not the caller's.
 */
export function identityRejected(peerName: string): DomainException {
  return new DomainException('UNAVAILABLE', 'UPSTREAM.IDENTITY_REJECTED', `the ${peerName} service refused the call`);
}

const DEFAULT_RETRY: GrpcRetryPolicy = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1_000 };
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
const healthCheck = healthService.Check as MethodDefinition<{ service: string }, { status: HealthStatus }>;

/**
 * One long-lived channel to a gRPC peer. Every call carries a deadline and the caller's identity
 * signed with INTERNAL_TOKEN; idempotent calls are retried on UNAVAILABLE with jittered exponential
 * backoff inside the same deadline. Peer errors come back as DomainException, so the transport
 * filters map them (NOT_FOUND → 404, INVALID_ARGUMENT → 400 with violations, UNAVAILABLE → 503).
 */
export class GrpcPeerClient {
  private readonly logger = new Logger(GrpcPeerClient.name);
  private readonly client: Client;
  private readonly retry: GrpcRetryPolicy;
  private readonly identities: SignedIdentityCache;

  constructor(readonly options: GrpcPeerOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.identities = new SignedIdentityCache({ internalToken: options.internalToken });
    this.client = new Client(options.address, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // Retries are ours (idempotency-aware); keep grpc-js's transparent ones out of the way.
      'grpc.enable_retries': 0,
      // Nothing reads channelz; its per-call tracking is work for nobody.
      'grpc.enable_channelz': 0,
    });
  }

  get name(): string {
    return this.options.name;
  }

  async unary<Req, Res>(
    method: MethodDefinition<Req, Res>,
    request: Req,
    context: PeerCallContext,
    options: UnaryCallOptions = {},
  ): Promise<Res> {
    const deadline = Date.now() + (options.deadlineMs ?? this.options.deadlineMs);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.callOnce(method, request, context, deadline);
      } catch (error) {
        const backoff = this.backoffMs(attempt);
        const retryable =
          options.idempotent === true &&
          (error as Partial<ServiceError>).code === status.UNAVAILABLE &&
          attempt < this.retry.maxAttempts &&
          Date.now() + backoff < deadline;
        if (!retryable) throw this.toDomainException(method.path, error);
        await sleep(backoff);
      }
    }
  }

  /** The `x-so-identity` token this client sends for `identity` (for identities carried inside a message). */
  signedIdentity(identity: PeerCallContext['identity']): string {
    return this.identities.token(identity);
  }

  /** Standard grpc.health.v1 Check of the whole server (service ''). */
  async checkHealth(timeoutMs: number): Promise<HealthStatus> {
    const response = await new Promise<{ status: HealthStatus }>((resolve, reject) => {
      this.client.makeUnaryRequest(
        healthCheck.path,
        healthCheck.requestSerialize,
        healthCheck.responseDeserialize,
        { service: '' },
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, value) => (error || !value ? reject(error ?? new Error('empty health response')) : resolve(value)),
      );
    });
    return response.status;
  }

  close(): void {
    this.client.close();
  }

  private callOnce<Req, Res>(
    method: MethodDefinition<Req, Res>,
    request: Req,
    context: PeerCallContext,
    deadline: number,
  ): Promise<Res> {
    const metadata = new Metadata();
    metadata.set(IDENTITY_HEADER, this.identities.token(context.identity));
    metadata.set(CORRELATION_HEADER, context.correlationId || correlationIdOrNew());
    return new Promise<Res>((resolve, reject) => {
      // grpc-js captures a stack trace per call (new Error()) to append the caller's stack to a
      // failed call's error. Peer errors become DomainExceptions here and are logged without that
      // stack, so the capture is skipped: it was a measurable part of each forwarded call.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        this.client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          metadata,
          { deadline },
          (error, response) =>
            error || response === undefined ? reject(error ?? new Error('empty response')) : resolve(response),
        );
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
    });
  }

  private backoffMs(attempt: number): number {
    const exponential = Math.min(this.retry.maxBackoffMs, this.retry.initialBackoffMs * 2 ** (attempt - 1));
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  /**
   * Errors the peer raised on purpose (they carry `x-error-code`) pass through with their code,
   * message and violations. Transport failures are reworded: their details name internal
   * addresses, which public clients must not see.
   */
  private toDomainException(path: string, error: unknown): DomainException {
    const serviceError = error as Partial<ServiceError>;
    const fromPeer = (serviceError.metadata?.get('x-error-code').length ?? 0) > 0;
    const mapped = fromGrpcError(error);
    const failure = {
      peer: this.name,
      method: path,
      grpcCode: serviceError.code,
      details: serviceError.details,
      fromPeer,
    };
    // A peer's deliberate 4xx answer (not found, invalid input) is normal traffic; transport trouble is
    // not, and neither is a refused identity: the services disagree on INTERNAL_TOKEN.
    const normalTraffic = fromPeer && ERROR_KIND_MAPPING[mapped.kind].http < 500 && mapped.kind !== 'UNAUTHENTICATED';
    if (normalTraffic) this.logger.debug(failure, 'peer refused the call');
    else this.logger.warn(failure, 'peer call failed');
    if (mapped.kind === 'UNAUTHENTICATED') return identityRejected(this.name);
    if (fromPeer) return mapped;
    if (serviceError.code === status.UNIMPLEMENTED) {
      // A peer of an older release during a rolling upgrade: callers may fall back to another method.
      return new DomainException('INTERNAL', UNIMPLEMENTED_CODE, `the ${this.name} service does not offer ${path}`);
    }
    switch (mapped.kind) {
      case 'NOT_FOUND':
      case 'INVALID_ARGUMENT':
      case 'ALREADY_EXISTS':
      case 'FAILED_PRECONDITION':
      case 'PERMISSION_DENIED':
      case 'RATE_LIMITED':
        // Statuses a peer sets deliberately: their details are meant for the caller.
        return mapped;
      case 'UNAVAILABLE':
        return new DomainException(
          'UNAVAILABLE',
          'UPSTREAM.UNAVAILABLE',
          `the ${this.name} service is unavailable; retry shortly`,
          [],
          1,
        );
      case 'DEADLINE_EXCEEDED':
        return new DomainException(
          'DEADLINE_EXCEEDED',
          'UPSTREAM.TIMEOUT',
          `the ${this.name} service did not answer in time`,
        );
      case 'CANCELLED':
        return new DomainException(
          'UNAVAILABLE',
          'UPSTREAM.CANCELLED',
          `the call to the ${this.name} service was cancelled`,
        );
      default:
        return new DomainException(
          mapped.kind,
          `UPSTREAM.${mapped.kind}`,
          `the ${this.name} service failed (${mapped.kind.toLowerCase()})`,
          mapped.violations,
        );
    }
  }
}
