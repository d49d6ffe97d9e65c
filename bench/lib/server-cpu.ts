import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the bench's Postgres or Redis, read from /proc (Linux only), so a benchmark can report
 * what each unit of work costs the servers as well as its own process. A process tree is counted:
 * Postgres runs a backend per connection, and a backend that exited is still counted through the
 * postmaster's reaped-children time.
 */
export interface ServerCpu {
  /** CPU milliseconds used so far (user + system), or NaN where /proc cannot be read. */
  read(): number;
}

const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const number = (index: number): number => Number(fields[index]);
    return { pid, ppid: number(1), ticks: number(11) + number(12) + number(13) + number(14) };
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** The server listening on `port`: Postgres started with `-p <port>`, Redis with `host:<port>`. */
export function serverCpu(kind: 'postgres' | 'redis', port: number): ServerCpu {
  const matches = kind === 'postgres' ? ` -p ${port} ` : `:${port}`;
  const root = pids().find((pid) => {
    const line = commandLine(pid);
    return line.includes(kind === 'postgres' ? 'postgres' : 'redis-server') && `${line} `.includes(matches);
  });
  return {
    read: () => {
      if (root === undefined) return Number.NaN;
      const all = pids().map(readStat).filter((stat): stat is Stat => stat !== undefined);
      const tree = new Set([root]);
      // Postgres forks one level deep; Redis forks for background saves.
      for (const stat of all) if (tree.has(stat.ppid)) tree.add(stat.pid);
      const ticks = all.filter((stat) => tree.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0);
      return (ticks * 1000) / TICKS_PER_SECOND;
    },
  };
}

/** CPU milliseconds of this process so far (all threads, user + system). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** CPU milliseconds used so far by the process `pid` (user + system), or NaN once it is gone. */
export function processCpuMs(pid: number): number {
  const stat = readStat(pid);
  return stat ? (stat.ticks * 1000) / TICKS_PER_SECOND : Number.NaN;
}
