import { TargetNotAllowedError } from '@so/analysis-engine';
import { startHttpServer, type TestHttpServer } from '@so/testing';
import { CliIoError } from './cli-errors.js';
import { fetchSpec, MAX_SPEC_BYTES } from './fetch-spec.js';

describe('fetchSpec', () => {
  let server: TestHttpServer;
  let hanging: TestHttpServer;

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/spec') res.end('openapi: 3.0.0');
      else if (req.url === '/elsewhere') res.writeHead(301, { location: `http://127.0.0.2:${server.port}/spec` }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (req.url === '/huge') {
        res.write('x'.repeat(MAX_SPEC_BYTES));
        res.end('overflow');
      } else res.writeHead(500).end();
    });
    hanging = await startHttpServer(() => undefined);
  });

  afterAll(async () => {
    await server.close();
    await hanging.close();
  });

  const allowOnly127 = { allowList: ['127.0.0.1'], timeoutMs: 5_000 };

  it('downloads an allowed URL', async () => {
    await expect(fetchSpec(`${server.url}/spec`, allowOnly127)).resolves.toBe('openapi: 3.0.0');
  });

  it('vets every redirect: a hop to an address outside the allow-list is refused', async () => {
    await expect(fetchSpec(`${server.url}/elsewhere`, allowOnly127)).rejects.toThrow(TargetNotAllowedError);
  });

  it('gives up on redirect loops, oversized bodies, errors and silence', async () => {
    await expect(fetchSpec(`${server.url}/loop`, allowOnly127)).rejects.toThrow(/more than 3 redirects/);
    await expect(fetchSpec(`${server.url}/huge`, allowOnly127)).rejects.toThrow(/larger than 10 MB/);
    await expect(fetchSpec(`${server.url}/boom`, allowOnly127)).rejects.toThrow(/answered 500 Internal Server Error/);
    const silent = fetchSpec(`${hanging.url}/spec`, { allowList: ['127.0.0.1'], timeoutMs: 300 });
    await expect(silent).rejects.toThrow(CliIoError);
    await expect(silent).rejects.toThrow(/no answer within 0.3 s/);
  });
});
