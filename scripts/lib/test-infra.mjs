// One throwaway Postgres and one Redis for a whole jest run (used by test/setup/global-*.mjs and
// scripts/test.mjs). Each run lives in `.data/test-<jest pid>/` with a state.json naming the PIDs, so
// a run that was killed before its teardown is cleaned up by the next `npm test`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './env.mjs';
import { freePort } from './free-port.mjs';
import { postgresCanReach, startPostgres, stopLeftoverPostgres } from './postgres.mjs';
import { commandLine, isAlive, stopPid } from './process.mjs';
import { startRedis, stopLeftoverRedis } from './redis.mjs';

const PREFIX = 'test-';

/**
 * @typedef {object} TestInfra
 * @property {string} dir
 * @property {string} databaseUrl admin URL (database `postgres`)
 * @property {string} redisUrl
 * @property {import('./postgres.mjs').RunningPostgres} postgres
 * @property {import('./redis.mjs').RunningRedis} redis
 */

/** Folders that may hold test runs: the repo's .data, and the temp fallback used when Postgres cannot enter the repo. */
function roots() {
  return [join(REPO_ROOT, '.data'), join(tmpdir(), 'so-tests')];
}

function runDir() {
  const inRepo = join(REPO_ROOT, '.data');
  mkdirSync(inRepo, { recursive: true });
  // As root, Postgres runs as user `postgres`, which must be able to enter the data folder.
  const base = postgresCanReach(inRepo) ? inRepo : join(tmpdir(), 'so-tests');
  const dir = join(base, `${PREFIX}${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

/**
 * @template T
 * @param {(port: number) => Promise<T>} start
 * @returns {Promise<T>}
 */
async function onFreePort(start) {
  let lastError;
  // A free port can be taken between the check and the bind, so try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Starts Postgres and Redis on free loopback ports.
 * @returns {Promise<TestInfra>}
 */
export async function startTestInfra() {
  const dir = runDir();
  /** @type {{ owner: number, postgres?: number, redis?: number }} */
  const state = { owner: process.pid };
  const save = () => writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
  save();
  const [pgResult, redisResult] = await Promise.allSettled([
    // PIDs are recorded as soon as the processes exist, so a run killed mid-start leaves no orphans.
    onFreePort((port) =>
      startPostgres({
        port,
        dataDir: join(dir, 'postgres'),
        logFile: join(dir, 'postgres.log'),
        fast: true,
        onSpawn: (pid) => {
          state.postgres = pid;
          save();
        },
      }),
    ),
    onFreePort((port) =>
      startRedis({
        port,
        dir: join(dir, 'redis'),
        appendonly: false,
        logFile: join(dir, 'redis.log'),
        onSpawn: (pid) => {
          state.redis = pid;
          save();
        },
      }),
    ),
  ]);
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
    await Promise.all([
      pgResult.status === 'fulfilled' ? pgResult.value.stop() : undefined,
      redisResult.status === 'fulfilled' ? redisResult.value.stop() : undefined,
    ]);
    rmSync(dir, { recursive: true, force: true });
    const reason =
      pgResult.status === 'rejected' ? pgResult.reason : /** @type {PromiseRejectedResult} */ (redisResult).reason;
    throw reason instanceof Error ? reason : new Error(String(reason));
  }
  return {
    dir,
    databaseUrl: pgResult.value.url('postgres'),
    redisUrl: redisResult.value.url,
    postgres: pgResult.value,
    redis: redisResult.value,
  };
}

/**
 * Stops both servers and deletes the run folder.
 * @param {TestInfra} infra
 */
export async function stopTestInfra(infra) {
  await Promise.allSettled([infra.redis.stop(), infra.postgres.stop()]);
  rmSync(infra.dir, { recursive: true, force: true });
}

/**
 * Removes the folders of test runs whose jest process is gone, stopping their servers by PID first.
 * @returns {Promise<string[]>} folders removed
 */
export async function cleanupStaleTestInfra() {
  /** @type {string[]} */
  const removed = [];
  for (const root of roots()) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) {
      if (!name.startsWith(PREFIX)) continue;
      const dir = join(root, name);
      /** @type {{ owner?: number, postgres?: number, redis?: number }} */
      let state = {};
      try {
        state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
      } catch {
        state = { owner: Number(name.slice(PREFIX.length)) };
      }
      if (state.owner && isAlive(state.owner)) continue;
      // Only signal PIDs that still are the servers we started (PIDs get reused); the servers' own
      // pid files cover a run killed between spawn and bookkeeping.
      if (state.postgres && commandLine(state.postgres).includes(dir))
        await stopPid(state.postgres, { signal: 'SIGQUIT', timeoutMs: 10_000 });
      if (state.redis && commandLine(state.redis).includes('redis-server'))
        await stopPid(state.redis, { signal: 'SIGTERM', timeoutMs: 10_000 });
      await stopLeftoverPostgres(join(dir, 'postgres'));
      await stopLeftoverRedis(join(dir, 'redis'));
      try {
        // An orphaned initdb may still be writing for a moment.
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        removed.push(dir);
      } catch (error) {
        process.stderr.write(`could not remove ${dir} yet (${String(error)}); the next run will retry\n`);
      }
    }
  }
  return removed;
}
