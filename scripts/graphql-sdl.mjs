// `npm run graphql:sdl`: rewrites libs/gateway/federation/subgraphs/<svc>.graphql from the SDL the
// built subgraphs serve (boots the platform on throwaway Postgres + Redis through the schema e2e test).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/env.mjs';

const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/test.mjs'), '--skip-typecheck', '--no-clean', 'test/e2e/graphql-schema'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, UPDATE_GRAPHQL_SDL: '1' },
});
child.once('exit', (code) => process.exit(code ?? 1));
