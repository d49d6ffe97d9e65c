import http from 'node:http';
import { HttpError } from './http-kit.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface FetchedResource {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * The server-side fetch behind the SSRF flaws. A real vulnerable API would fetch anything; this
 * demo fetches loopback http URLs only, so neither it nor its tests can send a packet off the machine.
 */
export function fetchLoopback(rawUrl: string): Promise<FetchedResource> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    return Promise.reject(new HttpError(400, 'this demo only fetches http URLs on loopback'));
  }
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000, headers: { 'user-agent': 'shop-api-fetcher/1.0' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 4096) chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? 'application/octet-stream'),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new HttpError(504, 'upstream timed out')));
    req.on('error', (error) => reject(error instanceof HttpError ? error : new HttpError(502, error.message)));
  });
}
