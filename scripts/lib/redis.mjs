// Runs our own redis-server processes (never the Debian system service).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childExited, isAlive, stopChild, stopPid } from './process.mjs';

/**
 * @typedef {object} RedisOptions
 * @property {number} port TCP port on 127.0.0.1
 * @property {string} dir working folder (AOF files, pid file)
 * @property {boolean} [appendonly] keep data across restarts (default false: tests)
 * @property {string} [logFile] default `<dir>/redis.log`
 * @property {string} [binary] default `redis-server` from PATH
 * @property {number} [timeoutMs] how long to wait for PONG (default 10 s)
 * @property {(pid: number) => void} [onSpawn] called with the server PID right after spawning, before it answers
 */

/**
 * @typedef {object} RunningRedis
 * @property {number} pid
 * @property {number} port
 * @property {string} url `redis://127.0.0.1:<port>`
 * @property {string} logFile
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<void>} exited resolves when the server process exits for any reason
 * @property {() => Promise<void>} stop SIGTERM: redis flushes the AOF and exits
 */

/**
 * Sends PING over a raw socket; true on +PONG.
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function ping(port, timeoutMs = 1000) {
  return new Promise((resolvePing) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolvePing(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Stops a redis-server we left running earlier, found through `<dir>/redis.pid`.
 * @param {string} dir
 * @returns {Promise<number | undefined>} the PID that was stopped
 */
export async function stopLeftoverRedis(dir) {
  let pid;
  try {
    pid = Number(readFileSync(join(dir, 'redis.pid'), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!isAlive(pid)) return undefined;
  await stopPid(pid, { signal: 'SIGTERM', timeoutMs: 15_000 });
  return pid;
}

/** @param {string} file */
function tail(file, lines = 10) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * `redis-server --port P --bind 127.0.0.1 --save "" --appendonly yes|no --dir D`, waits for PONG.
 * @param {RedisOptions} options
 * @returns {Promise<RunningRedis>}
 */
export async function startRedis({
  port,
  dir,
  appendonly = false,
  logFile,
  binary = 'redis-server',
  timeoutMs = 10_000,
  onSpawn,
}) {
  dir = resolve(dir);
  mkdirSync(dir, { recursive: true });
  logFile = resolve(logFile ?? join(dir, 'redis.log'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    appendonly ? 'yes' : 'no',
    '--dir',
    dir,
    '--pidfile',
    join(dir, 'redis.pid'),
    '--daemonize',
    'no',
    '--logfile',
    '',
  ];
  const log = openSync(logFile, 'a', 0o644);
  let child;
  try {
    // Own process group: a terminal Ctrl-C reaches our script, which stops Redis after the services.
    child = spawn(binary, args, { detached: true, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  if (child.pid !== undefined) onSpawn?.(child.pid);
  /** @type {Error | undefined} */
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = childExited(child);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const deadline = Date.now() + timeoutMs;
  let up = false;
  while (!up && !gone && !spawnError && Date.now() < deadline) {
    up = await ping(port, 500);
    if (!up) await sleep(50);
  }
  if (!up) {
    if (spawnError) throw new Error(`cannot run ${binary}: ${spawnError.message} (run scripts/ensure-redis.sh)`);
    if (!gone) await stopChild(child, { signal: 'SIGKILL' });
    const why = gone
      ? `exited with code ${child.exitCode ?? child.signalCode}`
      : `did not answer PING within ${timeoutMs} ms`;
    throw new Error(`redis-server on port ${port} ${why}. Last lines of ${logFile}:\n${tail(logFile)}`);
  }
  return {
    pid: /** @type {number} */ (child.pid),
    port,
    url: `redis://127.0.0.1:${port}`,
    logFile,
    child,
    exited,
    stop: async () => {
      await stopChild(child, { signal: 'SIGTERM', timeoutMs: 15_000 });
    },
  };
}
