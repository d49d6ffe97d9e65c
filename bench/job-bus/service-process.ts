import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ of the compiled bench (this file runs as dist/bench/job-bus/service-process.js). */
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServiceProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the built analysis service as its own process, as production runs it (`node
 * dist/apps/analysis/src/main.js`), and waits until it reports ready.
 */
export async function startAnalysisProcess(env: Record<string, string>, httpPort: string, timeoutMs = 60_000): Promise<ServiceProcess> {
  const entry = join(DIST, 'apps', 'analysis', 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: the bench runner builds it`);
  const child = spawn(process.execPath, [...profiling(), entry], {
    cwd: join(DIST, '..'),
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`analysis service exited with ${child.exitCode}: ${errors.join('').slice(-2000)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/health/ready`)).status === 200) return { pid: child.pid as number, stop: () => stop(child) };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await stop(child);
  throw new Error(`analysis service not ready within ${timeoutMs} ms: ${errors.join('').slice(-2000)}`);
}

/** With SO_BENCH_PROFILE_DIR set, the service writes a V8 CPU profile of its whole run there when it stops. */
function profiling(): string[] {
  const dir = process.env['SO_BENCH_PROFILE_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=job-bus-service-process.cpuprofile'] : [];
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
