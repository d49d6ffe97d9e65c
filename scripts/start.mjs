// `npm start`: the whole platform on one machine, in the foreground. Ctrl-C stops it.
//
// Steps: npm ci (only if node_modules is missing) -> ensure redis-server -> build (swc) -> Postgres
// (.data/postgres) and Redis (.data/redis) -> the services of scripts/lib/services.mjs, in waves,
// each waited for on GET /health/ready -> print the URLs and the dev API key.
// Shutdown order (Ctrl-C, SIGTERM, or any process dying): services, then Redis, then Postgres.
//
// Environment: PG_PORT (5432), REDIS_PORT (6379), READY_TIMEOUT_MS (120000), LOG_LEVEL (info).
// Flags: --no-build (run what is in dist/ as is).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';
import { isPortFree } from './lib/free-port.mjs';
import { startPostgres, stopLeftoverPostgres } from './lib/postgres.mjs';
import { childExited, commandLine, isAlive, stopChild, stopPid } from './lib/process.mjs';
import { startRedis, stopLeftoverRedis } from './lib/redis.mjs';
import { loadOrCreateSecrets } from './lib/secrets.mjs';
import { SERVICES, httpUrl, serviceEntry, serviceEnv, startWaves } from './lib/services.mjs';

applyNoNetworkEnv();

const DATA = join(REPO_ROOT, '.data');
const LOCK = join(DATA, 'platform.lock');
const PG_DIR = join(DATA, 'postgres');
const REDIS_DIR = join(DATA, 'redis');
const LOGS = join(DATA, 'logs');
const DATABASE = 'security_orchestrator';

/** @param {string} name @param {number} fallback */
function numberEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) fail(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const PG_PORT = numberEnv('PG_PORT', 5432);
const REDIS_PORT = numberEnv('REDIS_PORT', 6379);
const READY_TIMEOUT_MS = numberEnv('READY_TIMEOUT_MS', 120_000);
const BUILD = !process.argv.includes('--no-build');

// ---------------------------------------------------------------------------------------------
// Output: every line carries the name of the process it came from.

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const palette = [36, 35, 33, 32, 34, 96, 95];
const width = Math.max(...SERVICES.map((s) => s.name.length), 'postgres'.length);

/** @param {string} name @param {number} index */
function label(name, index) {
  const text = name.padEnd(width);
  return color ? `\x1b[${palette[index % palette.length]}m${text}\x1b[0m |` : `${text} |`;
}
const START = label('start', 6);

/** @param {string} message */
function say(message) {
  for (const line of message.split('\n')) process.stdout.write(`${START} ${line}\n`);
}

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`${START} ERROR: ${message}\n`);
  process.exit(1);
}

process.stdout.on('error', () => undefined); // e.g. `npm start | head`: keep running, keep stopping cleanly

// ---------------------------------------------------------------------------------------------
// PID lock: one platform per checkout. The lock also records child PIDs, so a start after a crash
// of this script (kill -9) can stop what the previous run left behind.

/** @type {{ pid: number, startedAt: string, children: Record<string, number> }} */
const lock = { pid: process.pid, startedAt: new Date().toISOString(), children: {} };
let lockHeld = false;

function writeLock() {
  if (lockHeld) writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n');
}

/** @returns {{ pid: number, children: Record<string, number> } | undefined} */
function readLock() {
  try {
    const text = readFileSync(LOCK, 'utf8').trim();
    if (/^\d+$/.test(text)) return { pid: Number(text), children: {} };
    const parsed = JSON.parse(text);
    return { pid: Number(parsed.pid), children: parsed.children ?? {} };
  } catch {
    return undefined;
  }
}

/** A PID still is the process we recorded (PIDs get reused). @param {string} name @param {number} pid */
function stillOurs(name, pid) {
  const cmd = commandLine(pid);
  if (name === 'postgres') return cmd.includes(PG_DIR);
  if (name === 'redis') return cmd.includes('redis-server');
  return cmd.includes(`dist/apps/${name}/`);
}

async function acquireLock() {
  mkdirSync(DATA, { recursive: true, mode: 0o755 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(LOCK, 'wx', 0o644));
      lockHeld = true;
      writeLock();
      return;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const previous = readLock();
    if (
      previous &&
      previous.pid !== process.pid &&
      isAlive(previous.pid) &&
      commandLine(previous.pid).includes('start.mjs')
    ) {
      fail(
        `the platform is already running from this folder (PID ${previous.pid}, lock ${LOCK}).\n` +
          `Stop it with Ctrl-C in its terminal or 'kill ${previous.pid}', then start again.`,
      );
    }
    // Stale lock: the previous run died without cleaning up. Stop whatever of it is still running.
    const order = (/** @type {string} */ name) => (name === 'postgres' ? 2 : name === 'redis' ? 1 : 0);
    const leftovers = Object.entries(previous?.children ?? {}).sort(([a], [b]) => order(a) - order(b));
    for (const [name, pid] of leftovers) {
      if (isAlive(pid) && stillOurs(name, pid)) {
        say(`stopping ${name} (PID ${pid}) left over from a previous run`);
        await stopPid(pid, { signal: name === 'postgres' ? 'SIGINT' : 'SIGTERM', timeoutMs: 20_000 });
      }
    }
    const pg = await stopLeftoverPostgres(PG_DIR);
    if (pg) say(`stopped Postgres (PID ${pg}) left over from a previous run`);
    const redis = await stopLeftoverRedis(REDIS_DIR);
    if (redis) say(`stopped Redis (PID ${redis}) left over from a previous run`);
    rmSync(LOCK, { force: true });
  }
  fail(`could not take the lock ${LOCK}`);
}

// ---------------------------------------------------------------------------------------------
// Shutdown: services (gateway first), then Redis, then Postgres, each by PID.

/** @type {{ name: string, wave: number, child: import('node:child_process').ChildProcess }[]} */
const services = [];
/** @type {import('./lib/redis.mjs').RunningRedis | undefined} */
let redis;
/** @type {import('./lib/postgres.mjs').RunningPostgres | undefined} */
let postgres;
/** @type {Promise<never> | undefined} */
let stopping;

/**
 * @param {number} code
 * @param {string} [reason]
 * @returns {Promise<never>}
 */
function shutdown(code, reason) {
  if (stopping) return stopping;
  stopping = (async () => {
    if (reason) process.stderr.write(`${START} ${code === 0 ? '' : 'ERROR: '}${reason}\n`);
    const started = services.length > 0 || redis !== undefined || postgres !== undefined;
    if (started) say('stopping: services, then Redis, then Postgres ...');
    // Waves in reverse start order (the gateway before the services it calls), each wave in parallel.
    const lastWave = Math.max(-1, ...services.map((s) => s.wave));
    for (let wave = lastWave; wave >= 0; wave--) {
      await Promise.all(
        services
          .filter((s) => s.wave === wave)
          .map(async ({ name, child }) => {
            const result = await stopChild(child, { signal: 'SIGTERM', timeoutMs: 15_000 });
            if (result === 'killed') say(`${name} did not stop within 15 s and was killed`);
          }),
      );
    }
    if (redis) await redis.stop();
    if (postgres) await postgres.stop();
    if (lockHeld) rmSync(LOCK, { force: true });
    if (started) say(code === 0 ? 'stopped' : 'stopped after an error');
    process.exit(code);
  })();
  return stopping;
}

let signals = 0;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    signals += 1;
    if (signals === 1) {
      void shutdown(0, `${signal} received`);
    } else if (signals === 2) {
      say('still stopping; press Ctrl-C again to kill the services immediately');
    } else {
      for (const { child } of services) child.kill('SIGKILL');
    }
  });
}
process.on('uncaughtException', (error) => void shutdown(1, `start script failed: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (error) => void shutdown(1, `start script failed: ${String(error)}`));

// ---------------------------------------------------------------------------------------------

/**
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * @param {import('./lib/services.mjs').ServiceSpec} spec
 * @param {number} index
 * @param {number} wave
 * @param {import('./lib/secrets.mjs').PlatformSecrets} secrets
 */
function startService(spec, index, wave, secrets) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    ...serviceEnv(spec, { databaseUrl: postgres?.url(DATABASE) ?? '', redisUrl: redis?.url ?? '', secrets }),
  };
  const child = spawn(process.execPath, ['--enable-source-maps', serviceEntry(spec)], {
    cwd: REPO_ROOT,
    env,
    // Own process group: a terminal Ctrl-C comes to this script, which stops services in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = label(spec.name, index);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
      process.stdout.write(`${prefix} ${line}\n`),
    );
  }
  child.once('error', (error) => void shutdown(1, `${spec.name} could not be started: ${error.message}`));
  child.once('exit', (code, signal) => {
    if (!stopping)
      void shutdown(1, `${spec.name} exited unexpectedly (${signal ?? `exit code ${code}`}); see its output above`);
  });
  services.push({ name: spec.name, wave, child });
  if (child.pid !== undefined) {
    lock.children[spec.name] = child.pid;
    writeLock();
  }
  return child;
}

/**
 * Polls GET /health/ready until 200. Throws with what the service last answered.
 * @param {import('./lib/services.mjs').ServiceSpec} spec
 * @param {number} deadline
 */
async function waitUntilReady(spec, deadline) {
  const url = `${httpUrl(spec)}/health/ready`;
  let last = 'no answer yet';
  while (!stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
      const body = (await response.text()).replace(/\s+/g, ' ').slice(0, 300);
      last = `HTTP ${response.status}: ${body}`;
    } catch (error) {
      const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
      last = cause?.code ?? cause?.message ?? String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${spec.name} did not become ready within ${Math.round(READY_TIMEOUT_MS / 1000)} s (GET ${url}: ${last})`,
      );
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
await acquireLock();

if (!existsSync(join(REPO_ROOT, 'node_modules'))) {
  say('node_modules is missing: running npm ci (first start only)');
  if ((await run('npm', ['ci', '--no-audit', '--no-fund'])) !== 0) await shutdown(1, 'npm ci failed');
}

if ((await run('bash', [join(REPO_ROOT, 'scripts/ensure-redis.sh')])) !== 0)
  await shutdown(1, 'redis-server is not available');

let buildMs = 0;
if (BUILD) {
  const started = Date.now();
  if ((await run(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')])) !== 0) await shutdown(1, 'build failed');
  buildMs = Date.now() - started;
}

const missing = SERVICES.filter((spec) => !existsSync(join(REPO_ROOT, serviceEntry(spec))));
if (missing.length) {
  await shutdown(
    1,
    `not built: ${missing.map((spec) => `${serviceEntry(spec)} (from apps/${spec.name}/src/main.ts)`).join(', ')}. ` +
      'Does the service exist yet? Run npm run build and check its output.',
  );
}

/** @type {[string, number][]} */
const ports = [
  ['Postgres', PG_PORT],
  ['Redis', REDIS_PORT],
  ...SERVICES.flatMap(
    (spec) =>
      /** @type {[string, number][]} */ ([
        [`${spec.name} HTTP`, spec.httpPort],
        ...(spec.grpcPort !== undefined ? [[`${spec.name} gRPC`, spec.grpcPort]] : []),
      ]),
  ),
];
const busy = [];
for (const [what, port] of ports) if (!(await isPortFree(port))) busy.push(`${port} (${what})`);
if (busy.length)
  await shutdown(
    1,
    `port(s) already in use on 127.0.0.1: ${busy.join(', ')}. Stop what uses them (ss -tlnp) or set PG_PORT / REDIS_PORT.`,
  );

mkdirSync(LOGS, { recursive: true });
const { secrets, created } = loadOrCreateSecrets(join(DATA, 'secrets.json'));
if (created) say(`generated development secrets in ${join(DATA, 'secrets.json')} (mode 0600)`);

const infraStarted = Date.now();
try {
  [postgres, redis] = await Promise.all([
    startPostgres({
      port: PG_PORT,
      dataDir: PG_DIR,
      logFile: join(LOGS, 'postgres.log'),
      database: DATABASE,
      onSpawn: (pid) => {
        lock.children.postgres = pid;
        writeLock();
      },
    }),
    startRedis({
      port: REDIS_PORT,
      dir: REDIS_DIR,
      appendonly: true,
      logFile: join(LOGS, 'redis.log'),
      onSpawn: (pid) => {
        lock.children.redis = pid;
        writeLock();
      },
    }),
  ]);
} catch (error) {
  // One of the two may be up: stop it before leaving.
  await sleep(0);
  await shutdown(1, error instanceof Error ? error.message : String(error));
}
const pgNow = /** @type {import('./lib/postgres.mjs').RunningPostgres} */ (postgres);
const redisNow = /** @type {import('./lib/redis.mjs').RunningRedis} */ (redis);
say(
  `Postgres ${pgNow.url(DATABASE).replace(/:[^:@/]+@/, ':***@')} (PID ${pgNow.pid}) and Redis ${redisNow.url} (PID ${redisNow.pid}) up in ${Date.now() - infraStarted} ms`,
);
void pgNow.exited.then(() => {
  if (!stopping) void shutdown(1, `Postgres exited unexpectedly; see ${pgNow.logFile}`);
});
void redisNow.exited.then(() => {
  if (!stopping) void shutdown(1, `Redis exited unexpectedly; see ${redisNow.logFile}`);
});

const deadline = Date.now() + READY_TIMEOUT_MS;
for (const [waveIndex, wave] of startWaves().entries()) {
  say(`starting ${wave.map((spec) => spec.name).join(', ')}`);
  for (const spec of wave) startService(spec, SERVICES.indexOf(spec), waveIndex, secrets);
  try {
    await Promise.all(wave.map((spec) => waitUntilReady(spec, deadline)));
  } catch (error) {
    await shutdown(1, error instanceof Error ? error.message : String(error));
  }
  if (stopping) await stopping;
}

const gateway = httpUrl(SERVICES.find((s) => s.name === 'gateway') ?? SERVICES[0]);
const notification = httpUrl(SERVICES.find((s) => s.name === 'notification') ?? SERVICES[0]);
const gatewayGrpc = SERVICES.find((s) => s.name === 'gateway')?.grpcPort;
say(
  [
    '',
    `SecurityOrchestrator is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s${BUILD ? ` (build ${(buildMs / 1000).toFixed(1)} s)` : ''}`,
    `  REST       ${gateway}/api/v1`,
    `  GraphQL    ${gateway}/graphql`,
    `  API docs   ${gateway}/docs`,
    `  gRPC       127.0.0.1:${gatewayGrpc}   (security.orchestrator.SecurityOrchestratorService; API key in metadata)`,
    `  socket.io  ${notification}/ws/security`,
    `  API key    ${secrets.bootstrapApiKey}   (org "dev"; header: Authorization: Bearer <key>)`,
    `  logs       services here; Postgres and Redis in ${LOGS}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

// Nothing else to do: the child processes keep the event loop alive; signals and exits end it.
await Promise.all(services.map(({ child }) => childExited(child)));
