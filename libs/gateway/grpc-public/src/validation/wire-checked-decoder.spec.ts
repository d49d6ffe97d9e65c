import { describe, expect, it } from '@jest/globals';
import { orchestratorProto } from '@so/contracts';
import protobuf from 'protobufjs';
import { wireCheckedDecoder } from './wire-checked-decoder.js';

const decode = wireCheckedDecoder('security.orchestrator.SecurityAnalysisRequest', orchestratorProto.SecurityAnalysisRequest.decode);

describe(wireCheckedDecoder.name, () => {
  it('decodes a well-formed request', () => {
    const bytes = orchestratorProto.SecurityAnalysisRequest.encode({
      projectId: 'p',
      targetUrl: 'http://x/',
      openapiSpec: '',
      idempotencyKey: '',
      config: { deepScan: true, maxDepth: 3, vulnerabilityTypes: ['bola'], enableAiAnalysis: false, timeoutSeconds: 5 },
    }).finish();
    const result = decode(Buffer.from(bytes));
    expect(result).toMatchObject({ ok: true, message: { projectId: 'p', config: { maxDepth: 3 } } });
  });

  it('names a field whose wire type does not match the proto, also inside nested messages', () => {
    const writer = protobuf.Writer.create();
    writer.uint32((2 << 3) | 0).uint64(42); // target_url as a varint
    const config = protobuf.Writer.create().uint32((2 << 3) | 2).string('deep').finish(); // max_depth as a string
    writer.uint32((4 << 3) | 2).bytes(config);
    expect(decode(Buffer.from(writer.finish()))).toEqual({
      ok: false,
      violations: [
        { field: 'target_url', description: 'has the wrong type: expected string' },
        { field: 'config.max_depth', description: 'has the wrong type: expected int32' },
      ],
    });
  });

  it('reports truncated bytes instead of throwing', () => {
    expect(decode(Buffer.from([0x0a, 0x05, 0x61]))).toMatchObject({ ok: false, violations: [{ field: '(message)' }] });
  });
});
