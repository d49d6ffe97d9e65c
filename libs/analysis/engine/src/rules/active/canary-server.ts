import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CanaryHit {
  method: string;
  path: string;
  remoteAddress: string;
  userAgent: string;
}

/**
 * A listener on loopback that records requests for unguessable paths. If the target fetches a URL
 * the scanner planted, the hit proves server-side requests (SSRF) without touching any other host.
 */
export class CanaryServer {
  private readonly hits = new Map<string, CanaryHit>();
  private readonly waiters = new Map<string, () => void>();
  private readonly server: http.Server;
  private origin = '';

  private constructor() {
    this.server = http.createServer((req, res) => {
      this.record(req);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('so-canary');
    });
  }

  static async start(host: '127.0.0.1' | '::1' = '127.0.0.1'): Promise<CanaryServer> {
    const canary = new CanaryServer();
    await new Promise<void>((resolve, reject) => {
      canary.server.once('error', reject);
      canary.server.listen(0, host, resolve);
    });
    const { port } = canary.server.address() as AddressInfo;
    canary.origin = `http://${host === '::1' ? '[::1]' : host}:${port}`;
    return canary;
  }

  /** A fresh URL; `hitFor(url)` tells whether anything requested it. */
  newUrl(): string {
    return `${this.origin}/so-canary/${randomBytes(12).toString('hex')}`;
  }

  /** Waits up to `ms` for a request to `url` (targets often fetch after answering). */
  async hitFor(url: string, ms: number): Promise<CanaryHit | undefined> {
    const path = new URL(url).pathname;
    const found = this.hits.get(path);
    if (found || ms <= 0) return found;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.set(path, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.waiters.delete(path);
    return this.hits.get(path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private record(req: http.IncomingMessage): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/so-canary/') || this.hits.size > 1000) return;
    this.hits.set(path, {
      method: req.method ?? '',
      path,
      remoteAddress: req.socket.remoteAddress ?? '',
      userAgent: String(req.headers['user-agent'] ?? ''),
    });
    this.waiters.get(path)?.();
  }
}
