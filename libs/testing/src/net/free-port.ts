import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that the OS just reported free. Bind it soon: another process can take it
 * in between, so prefer listening on port 0 when the code under test allows it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
