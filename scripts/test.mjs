// `npm test`: type-check, then every unit, integration and e2e test with jest (swc on the fly, ESM).
// Jest's global setup starts one throwaway Postgres + Redis (test/setup/); this script makes sure
// redis-server exists and removes what a killed earlier run may have left behind.
//
//   npm test                          typecheck + all tests
//   npm test -- libs/testing          extra arguments go to jest (path filters, -t, --watch ...)
//   npm test -- --skip-typecheck ...  skip the tsc pass (for quick reruns)
//   npm test -- --no-clean ...        build over dist/ instead of deleting it first (others may run from it)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';
import { cleanupStaleTestInfra } from './lib/test-infra.mjs';

applyNoNetworkEnv();

const args = process.argv.slice(2);
const skipTypecheck = args.includes('--skip-typecheck');
const noClean = args.includes('--no-clean');
const jestArgs = args.filter((arg) => arg !== '--skip-typecheck' && arg !== '--no-clean');

/**
 * Runs a command with inherited stdio; resolves with its exit code (128+n when killed by signal n).
 * @param {string} command
 * @param {string[]} commandArgs
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
function run(command, commandArgs, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: REPO_ROOT, stdio: 'inherit', env });
    child.once('error', (error) => {
      process.stderr.write(`cannot run ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 9)),
    );
  });
}

// A terminal Ctrl-C reaches jest too; this script stays alive long enough to clean up after it.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => undefined);

const redisCode = await run('bash', [join(REPO_ROOT, 'scripts/ensure-redis.sh')]);
if (redisCode !== 0) process.exit(redisCode);

for (const dir of await cleanupStaleTestInfra())
  process.stderr.write(`removed leftovers of an interrupted test run: ${dir}\n`);

if (!skipTypecheck) {
  const started = Date.now();
  const code = await run('npm', ['run', '--silent', 'typecheck']);
  if (code !== 0) {
    process.stderr.write(
      `\ntypecheck failed (exit ${code}); tests not run. Fix the type errors above, or rerun with --skip-typecheck.\n`,
    );
    process.exit(code);
  }
  process.stdout.write(`typecheck passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// End-to-end tests run the services as built processes (dist/), as `npm start` does.
{
  const code = await run(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), ...(noClean ? ['apps', 'libs', 'tools'] : [])]);
  if (code !== 0) process.exit(code);
}

const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
  .filter(Boolean)
  .join(' ');
const jestCode = await run(
  process.execPath,
  [join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--maxWorkers=2', '--passWithNoTests', ...jestArgs],
  { ...process.env, NODE_OPTIONS: nodeOptions },
);

for (const dir of await cleanupStaleTestInfra())
  process.stderr.write(`removed test servers jest left behind: ${dir}\n`);
process.exit(jestCode);
