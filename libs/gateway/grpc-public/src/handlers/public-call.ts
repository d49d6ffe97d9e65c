import { Metadata, type Deadline } from '@grpc/grpc-js';
import type { ApiKeyAuthenticator } from '@so/gateway-auth';
import type { PeerCallContext } from '@so/gateway-grpc';
import type { ApiScope } from '@so/gateway-identity';
import { CORRELATION_HEADER, DomainException, sanitizeCorrelationId } from '@so/shared';
import { randomUUID } from 'node:crypto';
import type { Decoded } from '../validation/wire-checked-decoder.js';

/** What every grpc-js server call object offers (grpc-js does not export its common base type). */
export interface ServerSurfaceCall {
  readonly metadata: Metadata;
  readonly cancelled: boolean;
  getDeadline(): Deadline;
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
}

/** One accepted public call: who calls, the correlation id, and a signal for cancel/deadline. */
export interface PublicCall {
  context: PeerCallContext;
  signal: AbortSignal;
  /** Initial metadata to send with the first answer (correlation id, rate-limit state). */
  responseMetadata: Metadata;
  /** Stops the deadline timer, listeners and any work still following the call; call when the call is over. */
  dispose(): void;
}

/**
 * The abort reason once a call is over. Given explicitly because `abort()` without a reason builds
 * a DOMException (with a captured stack) each time, and every call ends this way.
 */
const CALL_OVER = Object.freeze(new Error('the call is over'));

function deadlineMs(deadline: Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

function first(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

/** The caller's `x-correlation-id` when well-formed, else a new one. */
export function correlationOf(call: ServerSurfaceCall): string {
  return sanitizeCorrelationId(first(call.metadata, CORRELATION_HEADER)) ?? randomUUID();
}

/**
 * A call's AbortSignal, made on first use: most unary calls (no-wait AnalyzeSecurity,
 * GetIntegrationStatus) never follow anything, and a controller, a deadline timer and a
 * 'cancelled' listener per call were measurable work for nothing. A signal asked for late still
 * starts aborted when the call was already cancelled or over.
 */
class LazyCallSignal {
  private controller?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;
  private over = false;
  private readonly onCancel = () => this.controller?.abort();

  constructor(private readonly call: ServerSurfaceCall) {}

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = (this.controller = new AbortController());
    if (this.over) controller.abort(CALL_OVER);
    else if (this.call.cancelled) controller.abort();
    else {
      this.call.on('cancelled', this.onCancel);
      const deadline = deadlineMs(this.call.getDeadline());
      if (Number.isFinite(deadline)) this.timer = setTimeout(this.onCancel, Math.max(0, deadline - Date.now()));
    }
    return controller.signal;
  }

  /** Ending a call ends its work too: followers of a stream that failed must not keep polling. */
  dispose(): void {
    this.over = true;
    if (!this.controller) return;
    clearTimeout(this.timer);
    this.call.removeListener('cancelled', this.onCancel);
    this.controller.abort(CALL_OVER);
  }
}

function publicCall(context: PeerCallContext, responseMetadata: Metadata, call: ServerSurfaceCall): PublicCall {
  const lazy = new LazyCallSignal(call);
  return {
    context,
    responseMetadata,
    get signal() {
      return lazy.signal;
    },
    dispose: () => lazy.dispose(),
  };
}

/**
 * The interceptor layer of every public RPC, in one place: correlation id (taken from
 * `x-correlation-id` or minted), API key from `authorization: Bearer` or `x-api-key`, per-key rate
 * limit and scope (the same ApiKeyAuthenticator as REST and GraphQL), and an AbortSignal that
 * fires when the client cancels or the call's deadline passes.
 */
export async function acceptCall(
  call: ServerSurfaceCall,
  authenticator: ApiKeyAuthenticator,
  scope: ApiScope | 'public' | undefined,
  correlationId: string,
): Promise<PublicCall> {
  const responseMetadata = new Metadata();
  responseMetadata.set(CORRELATION_HEADER, correlationId);
  if (scope === 'public') {
    const anonymous = { orgId: '', principalId: 'anonymous', scopes: [] };
    return publicCall({ identity: anonymous, correlationId }, responseMetadata, call);
  }
  const headers = { authorization: first(call.metadata, 'authorization'), 'x-api-key': first(call.metadata, 'x-api-key') };
  const { caller, rateLimit } = await authenticator.authenticate(headers, correlationId, scope);
  responseMetadata.set('ratelimit-limit', String(rateLimit.limit));
  responseMetadata.set('ratelimit-remaining', String(rateLimit.remaining));
  responseMetadata.set('ratelimit-reset', String(rateLimit.resetSeconds));
  return publicCall({ identity: caller.identity, correlationId }, responseMetadata, call);
}

/** The decoded request, or INVALID_ARGUMENT with the wire-level violations. */
export function requireDecoded<T>(decoded: Decoded<T>): T {
  if (decoded.ok) return decoded.message;
  throw new DomainException('INVALID_ARGUMENT', 'REQUEST.MALFORMED', 'the request message is malformed', decoded.violations);
}
