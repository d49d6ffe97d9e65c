import { describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { PROTO_ROOT } from '@so/contracts';
import { DomainException } from '@so/shared';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { STATUS_DETAILS_KEY, toPublicGrpcStatus } from './rich-status.js';

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(PROTO_ROOT, target));
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);

function details(trailer: unknown): Record<string, Record<string, unknown>> {
  const decoded = root.lookupType('google.rpc.Status').decode(trailer as Buffer) as unknown as {
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  return Object.fromEntries(
    decoded.details.map((any) => {
      const type = root.lookupType(any.type_url.replace('type.googleapis.com/', ''));
      return [type.name, type.toObject(type.decode(any.value), { defaults: true, longs: Number })];
    }),
  );
}

describe(toPublicGrpcStatus.name, () => {
  it('maps RATE_LIMITED to RESOURCE_EXHAUSTED with retry-after metadata and google.rpc.RetryInfo', () => {
    const result = toPublicGrpcStatus(new DomainException('RATE_LIMITED', 'RATE_LIMIT.EXCEEDED', 'slow down', [], 7), () => undefined);
    expect(result.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(result.metadata.get('retry-after')).toEqual(['7']);
    const decoded = details(result.metadata.get(STATUS_DETAILS_KEY)[0]);
    expect(decoded.RetryInfo).toEqual({ retryDelay: { seconds: 7, nanos: 0 } });
    expect(decoded.ErrorInfo).toMatchObject({ reason: 'RATE_LIMIT.EXCEEDED' });
  });

  it('puts field violations in google.rpc.BadRequest', () => {
    const error = new DomainException('INVALID_ARGUMENT', 'REQUEST.VALIDATION_FAILED', 'bad', [{ field: 'target_url', description: 'must be http' }]);
    const result = toPublicGrpcStatus(error, () => undefined);
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(details(result.metadata.get(STATUS_DETAILS_KEY)[0]).BadRequest).toEqual({
      fieldViolations: [{ field: 'target_url', description: 'must be http' }],
    });
  });

  it('hides unknown errors behind INTERNAL with an error id', () => {
    const seen: string[] = [];
    const result = toPublicGrpcStatus(new Error('secret detail'), (errorId) => seen.push(errorId));
    expect(result.code).toBe(status.INTERNAL);
    expect(result.details).toContain(seen[0]);
    expect(result.details).not.toContain('secret');
  });
});
