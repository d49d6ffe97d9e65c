import type { FieldViolation } from '@so/shared';
import { ORCHESTRATOR_PROTO, PROTO_ROOT } from '@so/contracts';
import { isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';

/** What a request deserializer hands to the handler: the message, or why it could not be read. */
export type Decoded<T> = { ok: true; message: T } | { ok: false; violations: FieldViolation[] };

const root = new protobuf.Root();
// google/protobuf/* are protobufjs built-ins; everything else lives under proto/.
root.resolvePath = (_origin, target) =>
  target.startsWith('google/protobuf/') || isAbsolute(target) ? target : join(PROTO_ROOT, target);
root.loadSync(ORCHESTRATOR_PROTO, { keepCase: true });

const PACKED_OK = new Set(Object.keys(protobuf.types.packed));

/**
 * Wire types a field may legally arrive with. Protobuf decoders (ts-proto's included) skip a field
 * whose wire type does not match its declaration, so a peer sending a number where a string is
 * declared would otherwise be silently read as "field absent"; we report it instead.
 */
function allowedWireTypes(field: protobuf.Field): number[] {
  if (field.map) return [2];
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return [2];
  const scalar = resolved instanceof protobuf.Enum ? 0 : (protobuf.types.basic as Record<string, number | undefined>)[field.type];
  if (scalar === undefined) return [2]; // string, bytes
  return field.repeated && PACKED_OK.has(field.type) ? [scalar, 2] : [scalar];
}

function check(type: protobuf.Type, bytes: Uint8Array, path: string, violations: FieldViolation[]): void {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    if (field && !allowedWireTypes(field).includes(wireType)) {
      violations.push({ field: `${path}${field.name}`, description: `has the wrong type: expected ${field.type}` });
      reader.skipType(wireType);
      continue;
    }
    if (field && wireType === 2 && field.resolvedType instanceof protobuf.Type && !field.map) {
      check(field.resolvedType, reader.bytes(), `${path}${field.name}.`, violations);
      continue;
    }
    reader.skipType(wireType);
  }
}

/**
 * A grpc-js request deserializer for `messageName` that never throws: malformed bytes or wrong wire
 * types come back as violations, so the handler answers INVALID_ARGUMENT with field details
 * instead of grpc-js's bare INTERNAL "failed to parse".
 */
export function wireCheckedDecoder<T>(messageName: string, decode: (bytes: Uint8Array) => T): (bytes: Buffer) => Decoded<T> {
  const type = root.lookupType(messageName);
  return (bytes) => {
    const violations: FieldViolation[] = [];
    try {
      check(type, bytes, '', violations);
      if (violations.length > 0) return { ok: false, violations };
      return { ok: true, message: decode(bytes) };
    } catch {
      return { ok: false, violations: [...violations, { field: '(message)', description: `is not a valid ${messageName}` }] };
    }
  };
}
