import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@so/testing';

/** The repository root, from the source tree (test/support) or from the compiled copy under dist/. */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

const REPO_ROOT = findRepoRoot();

export interface PlatformInput {
  databaseUrl: string;
  redisUrl: string;
  /** Extra variables for every service (e.g. ANALYSIS_ENGINE=noop, short webhook retry schedules). */
  env?: Record<string, string>;
}

export interface RunningPlatform {
  apiKey: string;
  internalToken: string;
  gatewayUrl: string;
  notificationUrl: string;
  analysisGrpc: string;
  /** host:port of the gateway's public gRPC API. */
  gatewayGrpc: string;
  /** The subgraphs' GraphQL endpoints (for SDL checks and direct-subgraph benchmarks). */
  subgraphUrls: { analysis: string; integration: string; webhook: string };
  /** Output of every service so far, for diagnosing a failed test. */
  logs(): string;
  close(): Promise<void>;
}

interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output: string[];
}

function base62(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % 62]).join('');
}

/**
 * Starts one built service as its own process, exactly as `npm start` and the containers run it.
 * Separate processes matter: code-first GraphQL keeps type metadata per process, so subgraphs
 * sharing a process would leak types into each other's schemas.
 */
function startService(name: string, env: Record<string, string>): ServiceProcess {
  // SO_PLATFORM_DIST: a private copy of dist/ (a concurrent full build in a shared checkout deletes dist/).
  const entry = join(process.env.SO_PLATFORM_DIST ?? join(REPO_ROOT, 'dist'), 'apps', name, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does it)`);
  const child = spawn(process.execPath, [entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', APOLLO_TELEMETRY_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((line) => `[${name}] ${line}`));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output };
}

async function waitReady(service: ServiceProcess, httpUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.output.slice(-30).join('\n')}`);
    }
    try {
      const response = await fetch(`${httpUrl}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${service.name} not ready within ${timeoutMs} ms:\n${service.output.slice(-30).join('\n')}`);
}

async function stopService(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Boots all five services as child processes on free loopback ports, wired to each other exactly
 * as `npm start` wires them, with a dev API key seeded in the gateway.
 */
export async function bootPlatform(input: PlatformInput, readyTimeoutMs = 90_000): Promise<RunningPlatform> {
  const port = {
    gateway: await freePort(),
    gatewayGrpc: await freePort(),
    analysis: await freePort(),
    analysisGrpc: await freePort(),
    integration: await freePort(),
    integrationGrpc: await freePort(),
    webhook: await freePort(),
    webhookGrpc: await freePort(),
    notification: await freePort(),
  };
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const apiKey = `so_live_${base62(32)}`;
  const internalToken = randomBytes(24).toString('base64url');
  const common: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: input.redisUrl,
    INTERNAL_TOKEN: internalToken,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    TARGET_ALLOWLIST: '127.0.0.1',
    WEBHOOK_ALLOWLIST: '127.0.0.1',
    INTEGRATION_ALLOWLIST: '127.0.0.1',
    ...input.env,
  };
  const services: ServiceProcess[] = [];
  const close = async () => {
    const gateway = services.find((s) => s.name === 'gateway');
    if (gateway) await stopService(gateway);
    await Promise.all(services.filter((s) => s !== gateway).map(stopService));
  };
  try {
    const backends: Array<[string, number, Record<string, string>]> = [
      ['analysis', port.analysis, { GRPC_PORT: String(port.analysisGrpc) }],
      ['integration', port.integration, { GRPC_PORT: String(port.integrationGrpc) }],
      ['webhook', port.webhook, { GRPC_PORT: String(port.webhookGrpc) }],
      ['notification', port.notification, { ANALYSIS_GRPC_URL: `127.0.0.1:${port.analysisGrpc}` }],
    ];
    for (const [name, httpPort, extra] of backends) {
      services.push(startService(name, { ...common, HTTP_PORT: String(httpPort), ...extra }));
    }
    await Promise.all(backends.map(([, httpPort], index) => waitReady(services[index] as ServiceProcess, url(httpPort), readyTimeoutMs)));
    const gateway = startService('gateway', {
      ...common,
      HTTP_PORT: String(port.gateway),
      GRPC_PORT: String(port.gatewayGrpc),
      ANALYSIS_GRPC_URL: `127.0.0.1:${port.analysisGrpc}`,
      INTEGRATION_GRPC_URL: `127.0.0.1:${port.integrationGrpc}`,
      WEBHOOK_GRPC_URL: `127.0.0.1:${port.webhookGrpc}`,
      ANALYSIS_GRAPHQL_URL: `${url(port.analysis)}/graphql`,
      INTEGRATION_GRAPHQL_URL: `${url(port.integration)}/graphql`,
      WEBHOOK_GRAPHQL_URL: `${url(port.webhook)}/graphql`,
      NOTIFICATION_HTTP_URL: url(port.notification),
      BOOTSTRAP_API_KEY: apiKey,
    });
    services.push(gateway);
    await waitReady(gateway, url(port.gateway), readyTimeoutMs);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    apiKey,
    internalToken,
    gatewayUrl: url(port.gateway),
    notificationUrl: url(port.notification),
    analysisGrpc: `127.0.0.1:${port.analysisGrpc}`,
    gatewayGrpc: `127.0.0.1:${port.gatewayGrpc}`,
    subgraphUrls: {
      analysis: `${url(port.analysis)}/graphql`,
      integration: `${url(port.integration)}/graphql`,
      webhook: `${url(port.webhook)}/graphql`,
    },
    logs: () => services.flatMap((s) => s.output).join('\n'),
    close,
  };
}
