import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, type ChannelCredentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PublicGrpcServer, serverCredentials } from './public-grpc.server.js';

const healthProto = join(dirname(createRequire(import.meta.url).resolve('grpc-health-check/package.json')), 'proto', 'health', 'v1', 'health.proto');
const Health = (loadPackageDefinition(loadSync(healthProto, { enums: String })) as unknown as {
  grpc: { health: { v1: { Health: new (address: string, creds: ChannelCredentials, options?: object) => Client & Record<string, (...args: unknown[]) => unknown> } } };
}).grpc.health.v1.Health;

function check(address: string, channel: ChannelCredentials): Promise<unknown> {
  const client = new Health(address, channel, { 'grpc.ssl_target_name_override': 'localhost' });
  return new Promise<unknown>((resolve, reject) =>
    client.Check({ service: '' }, { deadline: Date.now() + 3_000 }, (error: ServiceError | null, value: unknown) => (error ? reject(error) : resolve(value))),
  ).finally(() => client.close());
}

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made with openssl for this run. */
function makePki(dir: string): Record<'ca' | 'caKey' | 'cert' | 'key' | 'clientCert' | 'clientKey', string> {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', path('ca.key'), '-out', path('ca.pem'));
  const issue = (name: string, cn: string, ext: string) => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), ext);
    openssl('x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', path(`${name}.ext`), '-out', path(`${name}.pem`));
  };
  issue('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'peer-service', 'extendedKeyUsage=clientAuth\n');
  return { ca: path('ca.pem'), caKey: path('ca.key'), cert: path('server.pem'), key: path('server.key'), clientCert: path('client.pem'), clientKey: path('client.key') };
}

describe(PublicGrpcServer.name, () => {
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'grpc-tls-'));
    pki = makePki(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = { host: '127.0.0.1', port: 0, allowInsecure: false, maxMessageBytes: 1024 * 1024 };

  it('serves TLS with the configured certificate; a plaintext client cannot talk to it', async () => {
    const server = new PublicGrpcServer({ ...base, tls: { certFile: pki.cert, keyFile: pki.key } });
    const address = await server.listen();
    try {
      await expect(check(address, credentials.createSsl(readFileSync(pki.ca)))).resolves.toEqual({ status: 'SERVING' });
      await expect(check(address, credentials.createInsecure())).rejects.toMatchObject({ code: 14 });
    } finally {
      await server.close(100);
    }
  });

  it('with GRPC_TLS_CA requires a client certificate signed by that CA (mTLS)', async () => {
    const server = new PublicGrpcServer({ ...base, tls: { certFile: pki.cert, keyFile: pki.key, caFile: pki.ca } });
    const address = await server.listen();
    try {
      const ca = readFileSync(pki.ca);
      await expect(check(address, credentials.createSsl(ca, readFileSync(pki.clientKey), readFileSync(pki.clientCert)))).resolves.toEqual({ status: 'SERVING' });
      await expect(check(address, credentials.createSsl(ca))).rejects.toMatchObject({ code: 14 });
    } finally {
      await server.close(100);
    }
  });

  it('refuses plaintext on a non-loopback address unless explicitly allowed', () => {
    expect(() => serverCredentials({ ...base, host: '0.0.0.0' })).toThrow(/refusing plaintext gRPC on 0\.0\.0\.0/);
    expect(() => serverCredentials({ ...base, host: '0.0.0.0', allowInsecure: true })).not.toThrow();
    expect(() => serverCredentials({ ...base })).not.toThrow();
  });

  it('fails with a clear line when a certificate file is missing', () => {
    expect(() => serverCredentials({ ...base, tls: { certFile: join(dir, 'nope.pem'), keyFile: pki.key } })).toThrow(/cannot read GRPC_TLS_CERT/);
  });
});
