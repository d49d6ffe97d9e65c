import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts process CPU in ticks of 10 ms (USER_HZ = 100). */
const TICK_MS = 10;

/**
 * CPU time used so far (ms) by each service process this process started, by service name
 * (`dist/apps/<name>/src/main.js`), read from /proc. Unlike calls/s it hardly depends on what else
 * runs on the machine, so it shows where a call's cost went even on a busy one.
 */
export function serviceCpuMs(): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields are counted after the command name, which may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      const service = /apps\/(\w+)\/src\/main\.js/.exec(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))?.[1];
      if (service) cpu.set(service, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return cpu;
}

/** Adds up, per process (a service, Postgres, Redis, the bench's client), the CPU used between two readings. */
export class ServiceCpuTally {
  private readonly totals = new Map<string, number>();
  private calls = 0;

  add(before: Map<string, number>, after: Map<string, number>, calls: number): void {
    for (const [service, ms] of after) this.totals.set(service, (this.totals.get(service) ?? 0) + ms - (before.get(service) ?? 0));
    this.calls += calls;
  }

  /** CPU milliseconds per call, all processes together. */
  totalPerCall(): number {
    let total = 0;
    for (const ms of this.totals.values()) total += ms;
    return total / Math.max(1, this.calls);
  }

  /** `gateway 0.230 ms, integration 0.007 ms, ...` per call, busiest first. */
  perCall(): string {
    return [...this.totals]
      .sort((a, b) => b[1] - a[1])
      .map(([service, ms]) => `${service} ${(ms / Math.max(1, this.calls)).toFixed(3)} ms`)
      .join(', ');
  }
}
