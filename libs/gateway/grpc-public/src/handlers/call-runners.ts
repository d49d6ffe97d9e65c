import type {
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  ServerWritableStream,
} from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import type { ApiKeyAuthenticator } from '@so/gateway-auth';
import type { ApiScope } from '@so/gateway-identity';
import { CORRELATION_HEADER, runWithCorrelation } from '@so/shared';
import { toPublicGrpcStatus } from '../errors/rich-status.js';
import type { Decoded } from '../validation/wire-checked-decoder.js';
import { acceptCall, correlationOf, type PublicCall, type ServerSurfaceCall } from './public-call.js';

const logger = new Logger('PublicGrpc');
/** Required API key scope; 'public' = no key (health). */
type Scope = ApiScope | 'public' | undefined;

/** Writes to a response stream unless the call is already over (cancelled or past its deadline). */
export type Emit<T> = (message: T) => void;

function statusFor(error: unknown, correlationId: string) {
  const status = toPublicGrpcStatus(error, (errorId, cause) =>
    logger.error({ msg: 'unexpected error in a public gRPC call', errorId, correlationId, error: String(cause), stack: (cause as Error)?.stack }),
  );
  status.metadata.set(CORRELATION_HEADER, correlationId);
  return status;
}

/**
 * The incoming messages of a client stream. Not `for await (... of call)`: Node destroys a stream
 * when its iterator finishes, which would cut the response side of a bidirectional call at the
 * client's half-close.
 */
function readAll<T>(call: { iterator(options: { destroyOnReturn: boolean }): AsyncIterableIterator<unknown> }): AsyncIterable<T> {
  return call.iterator({ destroyOnReturn: false }) as AsyncIterable<T>;
}

/**
 * Adapters from grpc-js handler shapes to async use-case functions: each accepts the call
 * (correlation id, API key, rate limit, scope), runs the function inside the correlation context,
 * and maps any error to a status in one place (toPublicGrpcStatus).
 */
export class CallRunners {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  private async accept(call: ServerSurfaceCall, scope: Scope, correlationId: string): Promise<PublicCall> {
    return acceptCall(call, this.authenticator, scope, correlationId);
  }

  unary<Req, Res>(scope: Scope, fn: (request: Decoded<Req>, call: PublicCall) => Promise<Res>): handleUnaryCall<Decoded<Req>, Res> {
    return (call, callback) => {
      const correlationId = correlationOf(call);
      void runWithCorrelation(correlationId, async () => {
        let accepted: PublicCall | undefined;
        try {
          accepted = await this.accept(call, scope, correlationId);
          const response = await fn(call.request, accepted);
          // Headers in the same turn as the answer: HTTP/2 then writes headers, message and
          // trailers together, where headers sent on acceptance left in a write of their own.
          call.sendMetadata(accepted.responseMetadata);
          callback(null, response);
        } catch (error) {
          // A refused call that got past acceptance still tells its quota (ratelimit-* headers).
          if (accepted) call.sendMetadata(accepted.responseMetadata);
          callback(statusFor(error, correlationId));
        } finally {
          accepted?.dispose();
        }
      });
    };
  }

  serverStream<Req, Res>(
    scope: Scope,
    fn: (request: Decoded<Req>, call: PublicCall, emit: Emit<Res>) => Promise<void>,
  ): handleServerStreamingCall<Decoded<Req>, Res> {
    return (call) => this.stream(call, scope, (accepted, emit) => fn(call.request, accepted, emit));
  }

  clientStream<Req, Res>(
    scope: Scope,
    fn: (requests: AsyncIterable<Decoded<Req>>, call: PublicCall) => Promise<Res>,
  ): handleClientStreamingCall<Decoded<Req>, Res> {
    return (call, callback) => {
      const correlationId = correlationOf(call);
      void runWithCorrelation(correlationId, async () => {
        let accepted: PublicCall | undefined;
        try {
          accepted = await this.accept(call, scope, correlationId);
          call.sendMetadata(accepted.responseMetadata);
          const response = await fn(readAll(call), accepted);
          callback(null, response);
        } catch (error) {
          callback(statusFor(error, correlationId));
        } finally {
          accepted?.dispose();
        }
      });
    };
  }

  bidi<Req, Res>(
    scope: Scope,
    fn: (requests: AsyncIterable<Decoded<Req>>, call: PublicCall, emit: Emit<Res>) => Promise<void>,
  ): handleBidiStreamingCall<Decoded<Req>, Res> {
    return (call) =>
      this.stream(call as unknown as ServerWritableStream<unknown, Res>, scope, (accepted, emit) =>
        fn(readAll(call), accepted, emit),
      );
  }

  private stream<Res>(
    call: ServerWritableStream<unknown, Res>,
    scope: Scope,
    body: (call: PublicCall, emit: Emit<Res>) => Promise<void>,
  ): void {
    const correlationId = correlationOf(call);
    void runWithCorrelation(correlationId, async () => {
      let accepted: PublicCall | undefined;
      try {
        accepted = await this.accept(call, scope, correlationId);
        call.sendMetadata(accepted.responseMetadata);
        const signal = accepted.signal;
        await body(accepted, (message) => {
          if (!signal.aborted && !call.cancelled) call.write(message);
        });
        if (!call.cancelled) call.end();
      } catch (error) {
        if (!call.cancelled) call.emit('error', statusFor(error, correlationId));
      } finally {
        accepted?.dispose();
      }
    });
  }
}
