import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { GrpcPeerClient, WebhookAdminGrpcClient, WebhookOperationsGrpcClient, type PeerCallContext } from '@so/gateway-grpc';
import { EventBusPublisher } from '@so/shared';
import { createTestDatabase, freePort, startHttpServer, waitFor, type TestDatabase, type TestHttpServer } from '@so/testing';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Redis of this test alone, so killing it disturbs no other test. It persists like production
 * (append-only file, fsync on every write), which is what lets queued retries survive a restart.
 */
class DedicatedRedis {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'hooks-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await waitFor(async () => {
        try {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          probe.disconnect();
          return false;
        }
      }, 10_000);
    } finally {
      probe.disconnect();
    }
  }

  /** A crash: no shutdown save; only what the append-only file already holds survives. */
  async kill(): Promise<void> {
    await killProcess(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await killProcess(this.child, 'SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The built webhook service as its own process (as `npm start` and the containers run it). */
class WebhookServiceProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const dist = process.env.SO_PLATFORM_DIST ?? join(process.cwd(), 'dist');
    const entry = join(dist, 'apps', 'webhook', 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first`);
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`webhook service exited:\n${this.output.slice(-20).join('\n')}`);
      return fetch(`http://127.0.0.1:${this.env.HTTP_PORT}/health/ready`).then((r) => r.status === 200, () => false);
    }, 60_000);
  }

  async kill(): Promise<void> {
    await killProcess(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await killProcess(this.child, 'SIGTERM');
  }
}

async function killProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The partner is down (503) for its first FAILURES requests, then answers 204. */
const FAILURES = 4;
/**
 * Bound for each step. A crash that lands while a worker still holds the job leaves it locked until
 * BullMQ's stalled-job check hands it to the restarted worker (lock 30 s): slower, nothing lost.
 */
const RECOVERY_MS = 90_000;

describe('Webhooks - restarts mid-retry', () => {
  let database: TestDatabase;
  let redis: DedicatedRedis;
  let service: WebhookServiceProcess;
  let receiver: TestHttpServer;
  let peer: GrpcPeerClient;
  const requests: Array<{ webhookId: string; answered: number }> = [];
  const caller: PeerCallContext = { identity: { orgId: 'org-restart', principalId: 'key-restart', scopes: ['webhooks:write'] } };

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new DedicatedRedis(await freePort());
    await redis.start();
    receiver = await startHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answered = requests.length < FAILURES ? 503 : 204;
        requests.push({ webhookId: String(req.headers['webhook-id']), answered });
        res.writeHead(answered);
        res.end();
      });
    });
    const internalToken = randomBytes(24).toString('base64url');
    const grpcPort = await freePort();
    service = new WebhookServiceProcess({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(grpcPort),
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      INTERNAL_TOKEN: internalToken,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      // Attempts 1.5 s apart: room to crash things between two attempts.
      WEBHOOK_RETRY_SCHEDULE_MS: '0,1500,1500,1500,1500,1500,1500,1500',
    });
    await service.start();
    peer = new GrpcPeerClient({ name: 'webhook', address: `127.0.0.1:${grpcPort}`, internalToken, deadlineMs: 5_000 });
  }, 90_000);

  afterAll(async () => {
    peer?.close();
    await service?.stop();
    await receiver?.close();
    await redis?.stop();
    await database?.drop();
  }, 60_000);

  it('Webhooks - a receiver down for the first attempts gets the message exactly once after the service and Redis restart mid-retry', async () => {
    const admin = new WebhookAdminGrpcClient(peer);
    const operations = new WebhookOperationsGrpcClient(peer);
    await admin.createEndpoint({ url: `${receiver.url}/hooks`, eventTypes: ['analysis.failed'], description: '', projectId: '' }, caller);

    const publisherConnection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const event = createDomainEvent({
      type: 'analysis.failed',
      orgId: caller.identity.orgId,
      projectId: 'shop-api',
      correlationId: randomUUID(),
      data: { analysisId: randomUUID(), status: 'FAILED', reason: 'restart test' },
    }) as AnyDomainEvent;
    await new EventBusPublisher(publisherConnection).publish([event]);
    publisherConnection.disconnect();

    const messageId = await waitFor(async () => requests[0]?.webhookId, RECOVERY_MS);
    const loggedAttempts = async () => (await operations.listMessageAttempts({ messageId, limit: 0, cursor: '' }, caller)).attempts;
    // Past attempt n and its bookkeeping: the retry is then waiting in the queue, not in a worker.
    const afterAttempt = async (n: number) => {
      await waitFor(async () => (await loggedAttempts()).length >= n, RECOVERY_MS);
      await new Promise((resolve) => setTimeout(resolve, 300));
    };

    // Attempt 1 logged: the service crashes while the retry waits in the queue.
    await afterAttempt(1);
    await service.kill();
    await service.start();

    // Attempt 2 logged: Redis crashes; the service rides out the outage and reconnects.
    await afterAttempt(2);
    await redis.kill();
    await redis.start();

    // Attempt 3 logged: both go down together and come back.
    await afterAttempt(3);
    await service.kill();
    await redis.kill();
    await redis.start();
    await service.start();

    const delivered = async () => (await operations.getMessage({ messageId }, caller)).message;
    await waitFor(async () => (await delivered())?.status === 'delivered', RECOVERY_MS);
    // Long enough for a duplicate retry (1.5 s apart) to show up if one were still queued.
    await new Promise((resolve) => setTimeout(resolve, 3_500));

    expect(requests.every((request) => request.webhookId === messageId)).toBe(true);
    expect(requests.map((request) => request.answered)).toEqual([503, 503, 503, 503, 204]);
    expect(await delivered()).toMatchObject({ status: 'delivered', attempts: FAILURES + 1, lastResponseStatus: 204 });
    const attempts = await loggedAttempts();
    expect(attempts.map((attempt) => [attempt.attemptNumber, attempt.status, attempt.responseStatus])).toEqual([
      [1, 'failed', 503],
      [2, 'failed', 503],
      [3, 'failed', 503],
      [4, 'failed', 503],
      [5, 'succeeded', 204],
    ]);
  }, 300_000);
});
