import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out; below it sit well-known and registered services of the machine. */
const LOWEST_PORT = 10_000;
/** Jest workers get separate slices of the range; more workers than this share slices. */
const WORKER_SLICES = 16;

/**
 * The first port of the kernel's ephemeral range (`ip_local_port_range`): the ports it picks for
 * outgoing connections and for listeners on port 0.
 */
function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 0 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

/** The ports this process may hand out: its jest worker's slice of the range, else the whole range. */
function portRange(): { first: number; size: number } {
  const size = ephemeralRangeStart() - LOWEST_PORT;
  const worker = Number(process.env['JEST_WORKER_ID']);
  if (!Number.isInteger(worker) || worker < 1) return { first: LOWEST_PORT, size };
  const sliceSize = Math.floor(size / WORKER_SLICES);
  return { first: LOWEST_PORT + ((worker - 1) % WORKER_SLICES) * sliceSize, size: sliceSize };
}

const RANGE = portRange();
/** Where the next call starts looking: a random start, then onwards, so a port is handed out once per lap. */
let cursor = Math.floor(Math.random() * RANGE.size);

/** Listens on `port` (0: the kernel's pick) and closes again; resolves the port, or undefined when taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. Bind it soon: another process can take it in
 * between, so prefer listening on port 0 when the code under test allows it.
 *
 * Ports are handed out below the kernel's ephemeral range: a port from that range (what listening on
 * port 0 reports) can be taken by any outgoing connection meanwhile — booting the platform opens
 * dozens of database and Redis connections between choosing the gateway's ports and binding them.
 * Within a process ports are handed out in turn, never the same one twice until the range wraps:
 * a boot asks for a dozen ports before binding any, and random picks could repeat one. Each jest
 * worker takes its own slice of the range, so two test files booting at once cannot pick alike.
 */
export async function freePort(): Promise<number> {
  if (RANGE.size >= 100) {
    for (let attempt = 0; attempt < RANGE.size; attempt++) {
      // Advanced before the await, so callers asking together each get their own port.
      const port = RANGE.first + (cursor++ % RANGE.size);
      if ((await probe(port)) !== undefined) return port;
    }
  }
  const port = await probe(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}
