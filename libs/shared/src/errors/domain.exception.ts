/** What went wrong, independent of transport; each kind maps to one HTTP status, gRPC code and GraphQL code. */
export type ErrorKind =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'INTERNAL';

export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * Base of every domain error. `code` is namespaced (`ANALYSIS.NOT_FOUND`) and stable: clients
 * branch on it. Domain code throws these; one filter per transport turns them into responses.
 */
export class DomainException extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly violations: FieldViolation[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isDomainException(error: unknown): error is DomainException {
  return error instanceof DomainException;
}
