import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out; below it sit well-known and registered services of the machine. */
const LOWEST_PORT = 10_000;
const ATTEMPTS = 50;

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

const EPHEMERAL_START = ephemeralRangeStart();

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
 * Chosen at random below the kernel's ephemeral range: a port from that range (what listening on
 * port 0 reports) can be taken by any outgoing connection meanwhile — booting the platform opens
 * dozens of database and Redis connections between choosing the gateway's ports and binding them,
 * and now and then one of them got the gateway's port first (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  if (EPHEMERAL_START - LOWEST_PORT >= 1_000) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = await probe(LOWEST_PORT + Math.floor(Math.random() * (EPHEMERAL_START - LOWEST_PORT)));
      if (port !== undefined) return port;
    }
  }
  const port = await probe(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}
