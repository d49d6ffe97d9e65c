import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `work` under the V8 CPU profiler when SO_BENCH_PROFILE_DIR is set and writes
 * `<dir>/<name>.cpuprofile` (read it with `node dist/bench/static-audit/cpu-profile-top.js`).
 * Unlike `node --cpu-prof`, the profile holds only this phase of the benchmark, not the baseline
 * rounds or the start-up.
 */
export async function withCpuProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env['SO_BENCH_PROFILE_DIR'];
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
