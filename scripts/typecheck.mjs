// Type-checks the whole repository (no argument, like `npm run typecheck`) or one project folder
// (nx `typecheck` target): a throwaway tsconfig that includes only that folder; tsc still follows
// its imports into other projects through the tsconfig.base.json paths.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';

applyNoNetworkEnv();

const project = process.argv[2];
let tsconfig = join(REPO_ROOT, 'tsconfig.json');
if (project) {
  const dir = join(REPO_ROOT, 'node_modules/.cache/so-typecheck');
  mkdirSync(dir, { recursive: true });
  tsconfig = join(dir, `${project.replace(/[^\w.-]+/g, '_')}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, rootDir: REPO_ROOT, typeRoots: [join(REPO_ROOT, 'node_modules/@types')] },
      include: [join(REPO_ROOT, project, '**/*.ts')],
    }),
  );
}
const tsc = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig, '--noEmit'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});
tsc.once('exit', (code) => process.exit(code ?? 1));
