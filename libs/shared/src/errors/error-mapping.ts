import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorKind } from './domain.exception.js';

interface TransportCodes {
  http: number;
  grpc: GrpcStatus;
  graphql: string;
  title: string;
}

/** The one place where domain error kinds meet transport codes. */
export const ERROR_KIND_MAPPING: Readonly<Record<ErrorKind, TransportCodes>> = {
  INVALID_ARGUMENT: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT, graphql: 'BAD_USER_INPUT', title: 'Invalid request' },
  UNAUTHENTICATED: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED, graphql: 'UNAUTHENTICATED', title: 'Authentication required' },
  PERMISSION_DENIED: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED, graphql: 'FORBIDDEN', title: 'Forbidden' },
  NOT_FOUND: { http: 404, grpc: GrpcStatus.NOT_FOUND, graphql: 'NOT_FOUND', title: 'Not found' },
  ALREADY_EXISTS: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS, graphql: 'CONFLICT', title: 'Conflict' },
  FAILED_PRECONDITION: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, graphql: 'FAILED_PRECONDITION', title: 'Conflict' },
  RATE_LIMITED: { http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED, graphql: 'RATE_LIMITED', title: 'Too many requests' },
  UNAVAILABLE: { http: 503, grpc: GrpcStatus.UNAVAILABLE, graphql: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' },
  DEADLINE_EXCEEDED: { http: 504, grpc: GrpcStatus.DEADLINE_EXCEEDED, graphql: 'TIMEOUT', title: 'Timed out' },
  CANCELLED: { http: 499, grpc: GrpcStatus.CANCELLED, graphql: 'CANCELLED', title: 'Cancelled' },
  INTERNAL: { http: 500, grpc: GrpcStatus.INTERNAL, graphql: 'INTERNAL_SERVER_ERROR', title: 'Internal error' },
};

/** Reverse of the mapping for errors coming back from a gRPC peer. */
export function errorKindFromGrpc(code: number): ErrorKind {
  const entry = Object.entries(ERROR_KIND_MAPPING).find(([, codes]) => codes.grpc === code);
  return (entry?.[0] as ErrorKind | undefined) ?? 'INTERNAL';
}
