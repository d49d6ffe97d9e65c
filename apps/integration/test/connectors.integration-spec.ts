import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createDomainEvent, DOMAIN_EVENT_STREAM, ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS, type AnyDomainEvent } from '@so/contracts';
import { genericHttpSignature } from '@so/integration-connectors';
import { EventBusPublisher, internalCallMetadata, type RunningService } from '@so/shared';
import { createTestDatabase, freePort, leaseTestRedis, waitFor, type TestDatabase, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { bootstrapIntegrationService } from '../src/bootstrap.js';
import { startFakeJira, type FakeJira } from './testing/fake-jira.js';
import { startFakeGithub, startWebhookReceiver, type FakeReceiver } from './testing/fake-receivers.js';

const INTERNAL_TOKEN = 'test-internal-token-0123456789';
const GITHUB_TOKEN = 'ghp_test_token_0123456789';
const JIRA_EMAIL = 'security-bot@acme.example';
const JIRA_API_TOKEN = 'ATATT-test-api-token';
const JIRA_PAT = 'jira-server-personal-access-token';
const JIRA_BASIC = `Basic ${Buffer.from(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`).toString('base64')}`;
const BREAKER_COOLDOWN_MS = 1_500;
const OUTBOX_RETENTION_MS = 3_600_000;

type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
type Unary = (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: Record<string, unknown>) => void) => void;

describe('integration connectors', () => {
  let database: TestDatabase;
  let lease: TestRedisLease;
  let service: RunningService;
  let redis: Redis;
  let db: pg.Client;
  let publisher: EventBusPublisher;
  let orchestrator: grpc.Client;
  let generic: FakeReceiver;
  let chat: FakeReceiver;
  let github: Awaited<ReturnType<typeof startFakeGithub>>;
  let jiraCloud: FakeJira;
  let jiraServer: FakeJira;
  const orgId = randomUUID();

  beforeAll(async () => {
    [database, lease, generic, chat, github, jiraCloud, jiraServer] = await Promise.all([
      createTestDatabase(),
      leaseTestRedis(),
      startWebhookReceiver(),
      startWebhookReceiver(),
      startFakeGithub(GITHUB_TOKEN),
      startFakeJira({ authorizations: [JIRA_BASIC], projects: { SEC: ['Bug', 'Task'], FLAKY: ['Bug'] } }),
      startFakeJira({ authorizations: [`Bearer ${JIRA_PAT}`], projects: { APPSEC: ['Vulnerability'] } }, '/jira'),
    ]);
    redis = new Redis(lease.url);
    publisher = new EventBusPublisher(redis);
    const grpcPort = await freePort();
    service = await bootstrapIntegrationService({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
      DATABASE_URL: database.url,
      REDIS_URL: lease.url,
      INTERNAL_TOKEN,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      INTEGRATION_ALLOWLIST: '127.0.0.1',
      CONNECTOR_TIMEOUT_MS: '2000',
      DISPATCH_RETRY_BASE_MS: '100',
      DISPATCH_MAX_ATTEMPTS: '20',
      BREAKER_FAILURE_THRESHOLD: '2',
      BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS),
      OUTBOX_RETENTION_MS: String(OUTBOX_RETENTION_MS),
      OUTBOX_PRUNE_INTERVAL_MS: '1000',
      APOLLO_TELEMETRY_DISABLED: 'true',
    });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const definition = grpc.loadPackageDefinition(protoLoader.loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] })) as unknown as {
      security: { orchestrator: { SecurityOrchestratorService: grpc.ServiceClientConstructor } };
    };
    orchestrator = new definition.security.orchestrator.SecurityOrchestratorService(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    orchestrator?.close();
    await db?.end();
    await service?.close();
    await redis?.quit();
    await Promise.all([generic?.close(), chat?.close(), github?.close(), jiraCloud?.close(), jiraServer?.close()]);
    await lease?.release();
    await database?.drop();
  });

  function call(method: string, request: object, org = orgId): Promise<Record<string, unknown>> {
    const fn = (orchestrator as unknown as Record<string, Unary>)[method];
    if (!fn) throw new Error(`no method ${method}`);
    const metadata = internalCallMetadata({ orgId: org, principalId: 'key-1', scopes: [] }, INTERNAL_TOKEN);
    return new Promise((resolve, reject) => fn.call(orchestrator, request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  }

  async function createIntegration(request: { projectId: string; name: string; type: string; config?: Record<string, string>; credentials?: Record<string, string> }): Promise<string> {
    return String((await call('CreateIntegration', request)).integrationId);
  }

  function analysisEvents(projectId: string, findings: Array<{ fingerprint: string; severity: Severity }>, analysisId = randomUUID()): AnyDomainEvent[] {
    const correlationId = randomUUID();
    const detected = findings.map(({ fingerprint, severity }) =>
      createDomainEvent({
        type: 'finding.detected',
        orgId,
        projectId,
        correlationId,
        data: { analysisId, findingId: randomUUID(), ruleId: 'API1-BOLA', title: `Finding ${fingerprint}`, severity, owaspCategory: 'API1:2023', cweId: 'CWE-639', location: 'GET /orders/{id}', fingerprint },
      }),
    );
    const completed = createDomainEvent({
      type: 'analysis.completed',
      orgId,
      projectId,
      correlationId,
      data: { analysisId, status: 'COMPLETED', findingCount: findings.length, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, score: 42, durationMs: 10 },
    });
    return [...detected, completed];
  }

  async function status(integrationId: string): Promise<string> {
    const { rows } = await db.query<{ status: string }>('SELECT status FROM integration.integrations WHERE id = $1', [integrationId]);
    return rows[0]?.status ?? 'missing';
  }

  /**
   * The integration's deliveries once none is PENDING. A delivery's outcome is written after the
   * integration's status, so a test that waited for the status waits here for the outcome too.
   */
  async function finishedDeliveries(integrationId: string): Promise<Array<{ status: string; attempts: number; last_error: string }>> {
    return waitFor(async () => {
      const { rows } = await db.query<{ status: string; attempts: number; last_error: string }>('SELECT status, attempts, last_error FROM integration.integration_deliveries WHERE integration_id = $1', [integrationId]);
      return rows.length > 0 && rows.every((row) => row.status !== 'PENDING') ? rows : undefined;
    }, 15_000);
  }

  /** The statuses announced on the event stream for one integration, in order. */
  async function publishedStatuses(integrationId: string): Promise<string[]> {
    const entries = await redis.xrange(DOMAIN_EVENT_STREAM, '-', '+');
    return entries
      .map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as AnyDomainEvent)
      .filter((event) => event.type === 'integration.status_changed' && event.data.integrationId === integrationId)
      .map((event) => (event.type === 'integration.status_changed' ? `${event.data.previousStatus}->${event.data.status}` : ''));
  }

  it('Create - refuses bad settings per type with one violation per field, and targets outside the allow-list', async () => {
    const refusal = (request: object) => call('CreateIntegration', request).then(() => undefined, (error: grpc.ServiceError) => error);
    const generic = await refusal({ projectId: 'bad-config', name: 'g', type: 'generic_http', config: { minSeverity: 'urgent', color: 'red' } });
    expect(generic).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(generic?.details).toMatch(/config\.url: is required/);
    expect(generic?.details).toMatch(/config\.minSeverity: must be one of info, low, medium, high, critical/);
    expect(generic?.details).toMatch(/config\.color: is not a setting of this integration type/);

    const githubRefusal = await refusal({ projectId: 'bad-config', name: 'gh', type: 'github', config: { owner: 'acme corp', repo: 'api' } });
    expect(githubRefusal?.details).toMatch(/config\.owner: must be a GitHub owner name/);
    expect(githubRefusal?.details).toMatch(/credentials\.token: is required/);

    const internal = await refusal({ projectId: 'bad-config', name: 'chat', type: 'slack', credentials: { webhookUrl: 'http://10.1.2.3/hooks/x' } });
    expect(internal?.details).toMatch(/credentials\.webhookUrl: resolves to a private address \(10\.1\.2\.3\).*INTEGRATION_ALLOWLIST/);
    const { rows } = await db.query('SELECT 1 FROM integration.integrations WHERE project_id = $1', ['bad-config']);
    expect(rows).toEqual([]);
  });

  it('Deliver - pushes one batch per analysis to a signed HTTP endpoint and a chat webhook, above each threshold, and reports ACTIVE', async () => {
    const secret = 'generic-signing-secret-0123';
    const genericId = await createIntegration({ projectId: 'batching', name: 'siem', type: 'generic_http', config: { url: `${generic.url}/findings`, minSeverity: 'high' }, credentials: { signingSecret: secret } });
    const chatId = await createIntegration({ projectId: 'batching', name: 'chat', type: 'slack', credentials: { webhookUrl: `${chat.url}/services/T000/B000/XXXX` } });
    expect(await status(genericId)).toBe('INACTIVE');

    const events = analysisEvents('batching', [
      { fingerprint: 'fp-low', severity: 'low' },
      { fingerprint: 'fp-high', severity: 'high' },
      { fingerprint: 'fp-critical', severity: 'critical' },
      { fingerprint: 'fp-info', severity: 'info' },
    ]);
    await publisher.publish(events);
    await waitFor(async () => (await status(genericId)) === 'ACTIVE' && (await status(chatId)) === 'ACTIVE', 15_000);

    expect(generic.requests).toHaveLength(1);
    const [pushed] = generic.requests;
    const body = JSON.parse(pushed?.body ?? '{}') as { findings: Array<{ fingerprint: string }>; analysisId: string };
    expect(body.findings.map((f) => f.fingerprint)).toEqual(['fp-critical', 'fp-high']);
    expect(pushed?.headers['x-so-signature']).toBe(genericHttpSignature(secret, String(pushed?.headers['x-so-timestamp']), pushed?.body ?? ''));

    expect(chat.requests).toHaveLength(1);
    const message = JSON.parse(chat.requests[0]?.body ?? '{}') as { text: string; blocks: Array<{ text: { text: string } }> };
    expect(message.text).toBe(`3 security findings in project batching (analysis ${body.analysisId})`);
    expect(message.blocks[1]?.text.text).toContain('*CRITICAL* Finding fp-critical');
    expect(message.blocks[1]?.text.text).not.toContain('fp-info');

    await waitFor(async () => (await publishedStatuses(genericId)).length === 2, 5_000);
    expect(await publishedStatuses(genericId)).toEqual(['INACTIVE->CONNECTING', 'CONNECTING->ACTIVE']);
    expect(await call('GetIntegrationStatus', { integrationId: genericId })).toMatchObject({ status: 2, message: expect.stringContaining('delivered 2 finding(s)') });
  });

  it('Deliver - waits for findings the completion announced but that arrive after it, then pushes them in the batch', async () => {
    const id = await createIntegration({ projectId: 'late', name: 'siem', type: 'generic_http', config: { url: `${generic.url}/late`, minSeverity: 'info' } });
    const events = analysisEvents('late', [{ fingerprint: 'fp-early', severity: 'high' }, { fingerprint: 'fp-late', severity: 'low' }]);
    const [early, late, completed] = events as [AnyDomainEvent, AnyDomainEvent, AnyDomainEvent];
    await publisher.publish([early, completed]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(generic.requests.filter((request) => request.path === '/late')).toHaveLength(0);
    await publisher.publish([late]);
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);
    const pushed = generic.requests.filter((request) => request.path === '/late');
    expect(pushed).toHaveLength(1);
    expect((JSON.parse(pushed[0]?.body ?? '{}') as { findings: Array<{ fingerprint: string }> }).findings.map((f) => f.fingerprint)).toEqual(['fp-early', 'fp-late']);
  });

  it('Deliver - opens one GitHub issue per fingerprint; a replayed event or a later analysis never opens a second one', async () => {
    const id = await createIntegration({ projectId: 'issues', name: 'gh', type: 'github', config: { owner: 'acme', repo: 'shop-api', apiUrl: github.url, labels: 'security,triage' }, credentials: { token: GITHUB_TOKEN } });
    const first = analysisEvents('issues', [
      { fingerprint: 'fp-bola', severity: 'high' },
      { fingerprint: 'fp-bola', severity: 'high' },
      { fingerprint: 'fp-jwt', severity: 'critical' },
    ]);
    await publisher.publish(first);
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);
    expect(github.issues.filter((issue) => issue.repo === 'acme/shop-api').map((issue) => issue.title).sort()).toEqual(['[critical] Finding fp-jwt', '[high] Finding fp-bola']);
    expect(github.issues[0]?.labels).toEqual(['security', 'triage']);

    // The same events again (at-least-once delivery), then a new analysis that finds one old flaw and one new.
    await publisher.publish(first);
    const second = analysisEvents('issues', [
      { fingerprint: 'fp-bola', severity: 'high' },
      { fingerprint: 'fp-cors', severity: 'medium' },
    ]);
    await publisher.publish(second);
    const deliveryStatuses = async () =>
      (await db.query<{ status: string }>('SELECT status FROM integration.integration_deliveries WHERE integration_id = $1 ORDER BY created_at', [id])).rows.map((row) => row.status);
    await waitFor(async () => (await deliveryStatuses()).join() === 'DELIVERED,DELIVERED', 15_000);
    expect(github.issues.some((issue) => issue.title.includes('fp-cors'))).toBe(true);
    expect(github.issues.filter((issue) => issue.repo === 'acme/shop-api')).toHaveLength(3);

    const { rows } = await db.query<{ fingerprint: string; external_id: string; external_number: number }>(
      'SELECT fingerprint, external_id, external_number FROM integration.integration_issues WHERE integration_id = $1 ORDER BY fingerprint',
      [id],
    );
    expect(rows.map((row) => row.fingerprint)).toEqual(['fp-bola', 'fp-cors', 'fp-jwt']);
    for (const row of rows) expect(github.issues.find((issue) => String(issue.id) === row.external_id)?.number).toBe(row.external_number);
  });

  it('Breaker - failures go RECONNECTING then ERROR with the circuit open, a half-open probe recovers to ACTIVE, all announced as events', async () => {
    const id = await createIntegration({ projectId: 'flaky', name: 'gh', type: 'github', config: { owner: 'acme', repo: 'flaky', apiUrl: github.url }, credentials: { token: GITHUB_TOKEN } });
    github.failWith = 503;
    try {
      await publisher.publish(analysisEvents('flaky', [{ fingerprint: 'fp-flaky', severity: 'high' }]));
      await waitFor(async () => (await status(id)) === 'ERROR', 15_000);
      const failedCalls = github.requests.filter((request) => request.path === '/repos/acme/flaky/issues').length;
      expect(failedCalls).toBe(2);
      // Open circuit: no call reaches the tracker before the cooldown ends.
      await new Promise((resolve) => setTimeout(resolve, BREAKER_COOLDOWN_MS / 2));
      expect(github.requests.filter((request) => request.path === '/repos/acme/flaky/issues')).toHaveLength(failedCalls);
    } finally {
      github.failWith = undefined;
    }
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);
    expect(github.issues.filter((issue) => issue.repo === 'acme/flaky')).toHaveLength(1);
    await waitFor(async () => (await publishedStatuses(id)).at(-1) === 'RECONNECTING->ACTIVE', 5_000);
    expect(await publishedStatuses(id)).toEqual([
      'INACTIVE->CONNECTING',
      'CONNECTING->RECONNECTING',
      'RECONNECTING->ERROR',
      'ERROR->RECONNECTING',
      'RECONNECTING->ACTIVE',
    ]);
  });

  it('Breaker - a rejected token puts the integration in ERROR at once, without retrying the same call', async () => {
    const id = await createIntegration({ projectId: 'bad-token', name: 'gh', type: 'github', config: { owner: 'acme', repo: 'bad-token', apiUrl: github.url }, credentials: { token: 'ghp_revoked' } });
    await publisher.publish(analysisEvents('bad-token', [{ fingerprint: 'fp-x', severity: 'critical' }]));
    await waitFor(async () => (await status(id)) === 'ERROR', 15_000);
    const rows = await finishedDeliveries(id);
    expect(rows).toEqual([{ status: 'FAILED', attempts: 1, last_error: 'GitHub answered HTTP 401: {"message":"Bad credentials"}' }]);
    expect(await call('GetIntegrationStatus', { integrationId: id })).toMatchObject({ status: 3, message: expect.stringContaining('HTTP 401') });
    expect(github.requests.filter((request) => request.path === '/repos/acme/bad-token/issues')).toHaveLength(1);
  });

  it('Create - refuses incomplete Jira settings field by field, and spec_source, which nothing would read from', async () => {
    const refusal = (request: object) => call('CreateIntegration', request).then(() => undefined, (error: grpc.ServiceError) => error);
    const jira = await refusal({ projectId: 'bad-jira', name: 'jira', type: 'jira', config: { baseUrl: jiraCloud.url, projectKey: 'sec' }, credentials: { email: JIRA_EMAIL } });
    expect(jira).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(jira?.details).toMatch(/config\.projectKey: must be a Jira project key/);
    expect(jira?.details).toMatch(/credentials\.apiToken: is required with email/);
    const internal = await refusal({ projectId: 'bad-jira', name: 'jira', type: 'jira', config: { baseUrl: 'https://10.9.8.7/jira', projectKey: 'SEC' }, credentials: { token: JIRA_PAT } });
    expect(internal?.details).toMatch(/config\.baseUrl: resolves to a private address \(10\.9\.8\.7\).*INTEGRATION_ALLOWLIST/);

    const specSource = await refusal({ projectId: 'bad-jira', name: 'specs', type: 'spec_source', config: { url: `${generic.url}/openapi.json` } });
    expect(specSource).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(specSource?.details).toMatch(/^type: spec_source is not supported yet: .*send the document with the analysis/);
    const { rows } = await db.query('SELECT 1 FROM integration.integrations WHERE project_id = $1', ['bad-jira']);
    expect(rows).toEqual([]);
  });

  it('Deliver - opens one Jira issue per fingerprint with the finding described; a replayed event or a later analysis never opens a second one', async () => {
    const id = await createIntegration({
      projectId: 'jira-cloud',
      name: 'jira',
      type: 'jira',
      config: { baseUrl: jiraCloud.url, projectKey: 'SEC', issueType: 'Task', labels: 'security,api', minSeverity: 'medium' },
      credentials: { email: JIRA_EMAIL, apiToken: JIRA_API_TOKEN },
    });
    const first = analysisEvents('jira-cloud', [
      { fingerprint: 'fp-bola', severity: 'high' },
      { fingerprint: 'fp-bola', severity: 'high' },
      { fingerprint: 'fp-jwt', severity: 'critical' },
      { fingerprint: 'fp-banner', severity: 'low' },
    ]);
    await publisher.publish(first);
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);

    const created = jiraCloud.requests.filter((request) => request.path === '/rest/api/2/issue');
    expect(created).toHaveLength(2);
    for (const request of created) {
      expect(request.headers.authorization).toBe(JIRA_BASIC);
      expect(request.headers['content-type']).toBe('application/json');
    }
    const critical = jiraCloud.issues.find((issue) => issue.fields.summary === '[critical] Finding fp-jwt');
    expect(critical?.fields).toMatchObject({ project: { key: 'SEC' }, issuetype: { name: 'Task' }, labels: ['security', 'api'] });
    expect(critical?.fields.description).toContain('||Severity|CRITICAL|');
    expect(critical?.fields.description).toContain('||OWASP|API1:2023|');
    expect(critical?.fields.description).toContain('[CWE-639|https://cwe.mitre.org/data/definitions/639.html]');
    expect(critical?.fields.description).toContain('||Location|GET /orders/\\{id\\}|');
    expect(critical?.fields.description).toContain('security-orchestrator fingerprint: fp-jwt');

    // The same events again (at-least-once delivery), then a new analysis that finds one old flaw and one new.
    await publisher.publish(first);
    await publisher.publish(analysisEvents('jira-cloud', [{ fingerprint: 'fp-bola', severity: 'high' }, { fingerprint: 'fp-cors', severity: 'medium' }]));
    const deliveryStatuses = async () =>
      (await db.query<{ status: string }>('SELECT status FROM integration.integration_deliveries WHERE integration_id = $1 ORDER BY created_at', [id])).rows.map((row) => row.status);
    await waitFor(async () => (await deliveryStatuses()).join() === 'DELIVERED,DELIVERED', 15_000);
    expect(jiraCloud.issues.map((issue) => issue.fields.summary).sort()).toEqual(['[critical] Finding fp-jwt', '[high] Finding fp-bola', '[medium] Finding fp-cors']);

    const { rows } = await db.query<{ fingerprint: string; external_id: string; external_number: number; external_url: string }>(
      'SELECT fingerprint, external_id, external_number, external_url FROM integration.integration_issues WHERE integration_id = $1 ORDER BY fingerprint',
      [id],
    );
    expect(rows.map((row) => row.fingerprint)).toEqual(['fp-bola', 'fp-cors', 'fp-jwt']);
    for (const row of rows) {
      const issue = jiraCloud.issues.find((candidate) => candidate.id === row.external_id);
      expect(row.external_url).toBe(`${jiraCloud.url}/browse/${issue?.key}`);
      expect(`SEC-${row.external_number}`).toBe(issue?.key);
    }
  });

  it('Deliver - a Jira Server personal access token goes as a bearer token, under the site path', async () => {
    const id = await createIntegration({
      projectId: 'jira-server',
      name: 'jira',
      type: 'jira',
      config: { baseUrl: `${jiraServer.url}/jira/`, projectKey: 'APPSEC', issueType: 'Vulnerability' },
      credentials: { token: JIRA_PAT },
    });
    await publisher.publish(analysisEvents('jira-server', [{ fingerprint: 'fp-ssrf', severity: 'high' }]));
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);
    expect(jiraServer.requests.map((request) => [request.path, request.headers.authorization])).toEqual([['/jira/rest/api/2/issue', `Bearer ${JIRA_PAT}`]]);
    expect(jiraServer.issues.map((issue) => issue.key)).toEqual(['APPSEC-1']);
  });

  it('Breaker - Jira failing with 503 is retried until the circuit opens, and a half-open probe recovers; an unknown issue type is final at once', async () => {
    const id = await createIntegration({ projectId: 'jira-flaky', name: 'jira', type: 'jira', config: { baseUrl: jiraCloud.url, projectKey: 'FLAKY' }, credentials: { email: JIRA_EMAIL, apiToken: JIRA_API_TOKEN } });
    const flakyCalls = () => jiraCloud.requests.filter((request) => (JSON.parse(request.body) as { fields: { project: { key: string } } }).fields.project.key === 'FLAKY').length;
    jiraCloud.failWith = 503;
    try {
      await publisher.publish(analysisEvents('jira-flaky', [{ fingerprint: 'fp-flaky', severity: 'high' }]));
      await waitFor(async () => (await status(id)) === 'ERROR', 15_000);
      expect(flakyCalls()).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, BREAKER_COOLDOWN_MS / 2));
      expect(flakyCalls()).toBe(2);
    } finally {
      jiraCloud.failWith = undefined;
    }
    await waitFor(async () => (await status(id)) === 'ACTIVE', 15_000);
    expect(jiraCloud.issues.filter((issue) => issue.fields.project.key === 'FLAKY')).toHaveLength(1);
    await waitFor(async () => (await publishedStatuses(id)).at(-1) === 'RECONNECTING->ACTIVE', 5_000);
    expect(await publishedStatuses(id)).toEqual(['INACTIVE->CONNECTING', 'CONNECTING->RECONNECTING', 'RECONNECTING->ERROR', 'ERROR->RECONNECTING', 'RECONNECTING->ACTIVE']);

    const wrongType = await createIntegration({ projectId: 'jira-type', name: 'jira', type: 'jira', config: { baseUrl: jiraCloud.url, projectKey: 'SEC', issueType: 'Epic' }, credentials: { email: JIRA_EMAIL, apiToken: JIRA_API_TOKEN } });
    await publisher.publish(analysisEvents('jira-type', [{ fingerprint: 'fp-epic', severity: 'critical' }]));
    await waitFor(async () => (await status(wrongType)) === 'ERROR', 15_000);
    const rows = await finishedDeliveries(wrongType);
    expect(rows).toEqual([{ status: 'FAILED', attempts: 1, last_error: 'Jira answered HTTP 400: {"errorMessages":[],"errors":{"issuetype":"Specify a valid issue type"}}' }]);
    // The claim went back with the answered error: fixing the integration later can still open the issue.
    expect((await db.query('SELECT 1 FROM integration.integration_issues WHERE integration_id = $1', [wrongType])).rows).toEqual([]);
  });

  it('Outbox - published status events older than OUTBOX_RETENTION_MS are pruned; unpublished and recent ones stay', async () => {
    const insert = (label: string, publishedAgoMs: number | null) => {
      const event = createDomainEvent({
        type: 'integration.status_changed',
        orgId,
        projectId: 'outbox-pruning',
        correlationId: randomUUID(),
        data: { integrationId: randomUUID(), status: 'ACTIVE', previousStatus: 'CONNECTING', message: label },
      });
      return db.query(
        `INSERT INTO integration.outbox_events (id, type, payload, created_at, published_at)
         VALUES ($1, $2, $3, now() - interval '2 days',
                 CASE WHEN $4::double precision IS NULL THEN NULL ELSE now() - make_interval(secs => $4::double precision / 1000) END)`,
        [event.id, event.type, JSON.stringify(event), publishedAgoMs],
      );
    };
    await insert('expired', OUTBOX_RETENTION_MS + 60_000);
    await insert('recent', OUTBOX_RETENTION_MS - 600_000);
    // The relay publishes this one meanwhile, which makes it recent: it stays either way.
    await insert('unpublished', null);
    const labels = async () =>
      (
        await db.query<{ label: string }>(
          `SELECT payload->'data'->>'message' AS label FROM integration.outbox_events WHERE payload->>'projectId' = 'outbox-pruning' ORDER BY 1`,
        )
      ).rows.map((row) => row.label);
    await waitFor(async () => !(await labels()).includes('expired'), 10_000);
    expect(await labels()).toEqual(['recent', 'unpublished']);
  });
});
