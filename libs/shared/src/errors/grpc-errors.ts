import { Metadata, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { DomainException, isDomainException } from './domain.exception.js';
import { ERROR_KIND_MAPPING, errorKindFromGrpc } from './error-mapping.js';

/** Metadata keys that carry a domain error's details across a gRPC hop. */
const CODE_KEY = 'x-error-code';
const VIOLATIONS_KEY = 'x-error-violations';

/** Turns any thrown value into a gRPC status object, hiding internals of unknown errors. */
export function toGrpcStatus(error: unknown, onUnknown: (errorId: string, error: unknown) => void): Partial<StatusObject> {
  const metadata = new Metadata();
  if (isDomainException(error)) {
    metadata.set(CODE_KEY, error.code);
    if (error.violations.length > 0) metadata.set(VIOLATIONS_KEY, JSON.stringify(error.violations));
    if (error.retryAfterSeconds !== undefined) metadata.set('retry-after', String(error.retryAfterSeconds));
    return { code: ERROR_KIND_MAPPING[error.kind].grpc, details: error.message, metadata };
  }
  const errorId = randomUUID();
  onUnknown(errorId, error);
  metadata.set(CODE_KEY, 'INTERNAL');
  return { code: ERROR_KIND_MAPPING.INTERNAL.grpc, details: `internal error (errorId ${errorId})`, metadata };
}

/** Rebuilds a DomainException from a peer's gRPC error so the caller's filters map it again. */
export function fromGrpcError(error: unknown): DomainException {
  const serviceError = error as Partial<ServiceError>;
  if (typeof serviceError.code !== 'number') {
    return new DomainException('UNAVAILABLE', 'UPSTREAM.UNAVAILABLE', 'upstream call failed');
  }
  const kind = errorKindFromGrpc(serviceError.code);
  const code = String(serviceError.metadata?.get(CODE_KEY)[0] ?? `UPSTREAM.${kind}`);
  const rawViolations = serviceError.metadata?.get(VIOLATIONS_KEY)[0];
  const violations = typeof rawViolations === 'string' ? (JSON.parse(rawViolations) as DomainException['violations']) : [];
  return new DomainException(kind, code, serviceError.details ?? 'upstream error', violations);
}
