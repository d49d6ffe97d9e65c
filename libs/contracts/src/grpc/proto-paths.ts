import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds the repository's `proto/` folder from source (`libs/contracts/src/grpc`) or build output (`dist/...`). */
function findProtoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'security_orchestrator.proto'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('proto/ folder not found above ' + fileURLToPath(import.meta.url));
}

export const PROTO_ROOT = findProtoRoot();
export const ORCHESTRATOR_PROTO = join(PROTO_ROOT, 'security_orchestrator.proto');
export const ANALYSIS_INTERNAL_PROTO = join(PROTO_ROOT, 'internal', 'analysis_internal.proto');
export const WEBHOOK_INTERNAL_PROTO = join(PROTO_ROOT, 'internal', 'webhook_internal.proto');

/** proto-loader options shared by every server and client, so field casing and defaults agree. */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: Number,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} as const;
