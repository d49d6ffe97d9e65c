import { createServer, type Server } from 'node:http';

/**
 * A local HTTP receiver for end-to-end benchmarks: answers every request at once with `status` and
 * resolves whoever waits for the id that `idOf` reads from the JSON body. An id that arrives before
 * anyone waits for it is remembered, so a fast delivery is never missed.
 */
export class AwaitingReceiver {
  private server?: Server;
  private readonly waiting = new Map<string, () => void>();
  private readonly early = new Set<string>();

  constructor(
    private readonly idOf: (body: unknown) => string,
    private readonly status: number,
  ) {}

  /** Listens on a free loopback port; answers the port. */
  async start(): Promise<number> {
    const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(this.status).end();
        const id = this.idOf(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        const resolve = this.waiting.get(id);
        if (resolve) {
          this.waiting.delete(id);
          resolve();
        } else this.early.add(id);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  expect(id: string): Promise<void> {
    if (this.early.delete(id)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
