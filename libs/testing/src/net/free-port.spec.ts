import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from './free-port.js';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('freePort', () => {
  it('gives a port outside the ephemeral range that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(ephemeralStart);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('never gives the same port twice, to callers asking together or in turn', async () => {
    const together = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    const inTurn: number[] = [];
    for (let i = 0; i < 50; i++) inTurn.push(await freePort());
    expect(new Set([...together, ...inTurn]).size).toBe(100);
  });

  it('skips a port something listens on', async () => {
    const taken = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: taken + 1, host: '127.0.0.1', exclusive: true }, resolve);
    });
    try {
      // The next port in turn is taken + 1 (unless the worker's slice wraps there); it is busy, so it is passed over.
      const next = await freePort();
      expect(next).not.toBe(taken + 1);
      expect(next).not.toBe(taken);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
