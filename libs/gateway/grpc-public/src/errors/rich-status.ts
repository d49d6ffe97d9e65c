import { Metadata, type StatusObject } from '@grpc/grpc-js';
import { PROTO_ROOT } from '@so/contracts';
import { isDomainException, toGrpcStatus } from '@so/shared';
import { join } from 'node:path';
import protobuf from 'protobufjs';

/** Trailer carrying a serialized google.rpc.Status (the gRPC "richer error model"). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const TYPE_URL_PREFIX = 'type.googleapis.com/';
const ERROR_DOMAIN = 'security-orchestrator';

const root = new protobuf.Root();
// google/protobuf/* are protobufjs built-ins; google/rpc/* are ours under proto/.
root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(PROTO_ROOT, target));
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const StatusType = root.lookupType('google.rpc.Status');
const BadRequestType = root.lookupType('google.rpc.BadRequest');
const RetryInfoType = root.lookupType('google.rpc.RetryInfo');
const ErrorInfoType = root.lookupType('google.rpc.ErrorInfo');

/** google.protobuf.Any is a protobufjs built-in whose field keeps its proto name `type_url`. */
function any(type: protobuf.Type, value: Record<string, unknown>): { type_url: string; value: Uint8Array } {
  return { type_url: TYPE_URL_PREFIX + type.fullName.slice(1), value: type.encode(type.fromObject(value)).finish() };
}

/**
 * The one place a thrown value becomes a public gRPC status: codes come from ERROR_KIND_MAPPING
 * via toGrpcStatus (which also sets `x-error-code`, and `retry-after` when known); on top, the
 * google.rpc.Status trailer carries ErrorInfo (the stable code), BadRequest (field violations)
 * and RetryInfo, so standard clients can decode them.
 */
export function toPublicGrpcStatus(
  error: unknown,
  onUnknown: (errorId: string, error: unknown) => void,
): Partial<StatusObject> & { code: number; details: string; metadata: Metadata } {
  const base = toGrpcStatus(error, onUnknown);
  const code = base.code ?? 13;
  const details = base.details ?? 'internal error';
  const metadata = base.metadata ?? new Metadata();
  const anys = [];
  if (isDomainException(error)) {
    anys.push(any(ErrorInfoType, { reason: error.code, domain: ERROR_DOMAIN }));
    if (error.violations.length > 0) {
      anys.push(any(BadRequestType, { fieldViolations: error.violations.map((v) => ({ field: v.field, description: v.description })) }));
    }
    if (error.retryAfterSeconds !== undefined) {
      anys.push(any(RetryInfoType, { retryDelay: { seconds: error.retryAfterSeconds, nanos: 0 } }));
    }
  }
  const status = StatusType.encode(StatusType.fromObject({ code, message: details, details: anys })).finish();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(status));
  return { code, details, metadata };
}
