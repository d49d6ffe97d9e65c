// `npm run lint` (and the nx `lint` targets): ESLint with typed rules and nx module boundaries.
// The boundary rule builds nx's project graph in-process, hence the no-daemon / no-cloud env.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';

applyNoNetworkEnv();

const args = process.argv.slice(2);
const eslint = spawn(
  process.execPath,
  [join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'), ...(args.length ? args : ['.'])],
  {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  },
);
eslint.once('exit', (code) => process.exit(code ?? 1));
