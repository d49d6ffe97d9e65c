// Regenerates libs/contracts/src/generated from proto/ with ts-proto (via buf's bundled compiler).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/libs/contracts/src/generated`, { recursive: true, force: true });
// proto/google/rpc is loaded at run time by the gRPC error details code (protobufjs); no TypeScript for it.
execFileSync('npx', ['buf', 'generate', '--exclude-path', 'google'], { cwd: `${root}/proto`, stdio: 'inherit' });
