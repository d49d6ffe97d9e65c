import { performance } from 'node:perf_hooks';

export interface RoundResult {
  /** Operations per second over the round. */
  opsPerSecond: number;
  /** Per-operation latencies in milliseconds. */
  latenciesMs: number[];
}

/**
 * Runs `total` operations with `inFlight` of them outstanding at any time and measures throughput
 * and per-operation latency. `operation(i)` resolves when the operation is complete.
 */
export async function runRound(total: number, inFlight: number, operation: (index: number) => Promise<void>): Promise<RoundResult> {
  const latenciesMs: number[] = new Array<number>(total);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      await operation(index);
      latenciesMs[index] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { opsPerSecond: total / seconds, latenciesMs };
}
