// Process helpers that work by PID, so a script can stop exactly the processes it started.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * True while `pid` exists and is not a zombie.
 * @param {number} pid
 * @returns {boolean}
 */
export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; "Z" is a zombie waiting to be reaped.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * The command line of `pid` (arguments joined by spaces), or '' when unknown.
 * @param {number} pid
 */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * Polls until `pid` is gone or `timeoutMs` passes.
 * @param {number} pid
 * @param {number} timeoutMs
 * @returns {Promise<boolean>} true when the process is gone
 */
export async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Sends `signal`, waits up to `timeoutMs`, then SIGKILL (and waits briefly again).
 * @param {number} pid
 * @param {{ signal?: NodeJS.Signals, timeoutMs?: number }} [options]
 * @returns {Promise<'stopped' | 'killed' | 'not-running'>}
 */
export async function stopPid(pid, { signal = 'SIGTERM', timeoutMs = 15_000 } = {}) {
  if (!isAlive(pid)) return 'not-running';
  try {
    process.kill(pid, signal);
  } catch {
    return 'not-running';
  }
  if (await waitForExit(pid, timeoutMs)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitForExit(pid, 5_000);
  return 'killed';
}

/**
 * Resolves when the child has exited (immediately if it already has).
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
export function childExited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Stops a child we spawned: `signal`, then SIGKILL after `timeoutMs`. Uses the child's own exit
 * event (reliable, no PID reuse questions) rather than polling.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ signal?: NodeJS.Signals, timeoutMs?: number }} [options]
 * @returns {Promise<'stopped' | 'killed' | 'not-running'>}
 */
export async function stopChild(child, { signal = 'SIGTERM', timeoutMs = 15_000 } = {}) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return 'not-running';
  const exited = childExited(child);
  child.kill(signal);
  let timer;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!timedOut) return 'stopped';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}
