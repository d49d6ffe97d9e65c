// `npm run admin -- <command>`: operator commands of the gateway's identity store (orgs, API keys).
// Talks to DATABASE_URL, by default the Postgres that `npm start` runs (it must be up). Builds the
// gateway first when dist/ has no admin entry point.
//
//   npm run admin -- create-org "Acme Security"        a tenant and its first key (printed once)
//   npm run admin -- create-key --org <id> --scopes analyses:read
//   npm run admin -- list-orgs | list-keys --org <id>
//   npm run admin -- dead-events [--group g] | redrive-events --group g   (events services gave up on)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';
import { PG_PASSWORD, PG_USER } from './lib/postgres.mjs';

applyNoNetworkEnv();

const entry = join(REPO_ROOT, 'dist/apps/gateway/src/admin/admin.js');
/** @param {string} command @param {string[]} args @returns {Promise<number>} */
const run = (command, args, env = process.env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  });

if (!existsSync(entry)) {
  const code = await run(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), 'apps', 'libs']);
  if (code !== 0) process.exit(code);
}
const port = process.env.PG_PORT || '5432';
const databaseUrl = process.env.DATABASE_URL || `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/security_orchestrator`;
const redisUrl = process.env.REDIS_URL || `redis://127.0.0.1:${process.env.REDIS_PORT || '6379'}`;
process.exit(await run(process.execPath, [entry, ...process.argv.slice(2)], { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }));
