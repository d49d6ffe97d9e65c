import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createDomainEvent, ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS, type AnyDomainEvent } from '@so/contracts';
import { CredentialsCipher } from '@so/integration-management';
import { EventBusPublisher, IDENTITY_HEADER, internalCallMetadata, signIdentity, type RunningService } from '@so/shared';
import { createTestDatabase, freePort, testRedisUrl, waitFor, type TestDatabase } from '@so/testing';
import { service as healthService } from 'grpc-health-check';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { bootstrapIntegrationService } from './bootstrap.js';

const INTERNAL_TOKEN = 'test-internal-token-0123456789';
const SECRETS_KEY = randomBytes(32);
const REDIS_DB = 8;

type Unary = (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: Record<string, unknown>) => void) => void;

function call(client: grpc.Client, method: string, request: object, metadata = new grpc.Metadata()): Promise<Record<string, unknown>> {
  const fn = (client as unknown as Record<string, Unary>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) => fn.call(client, request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
}

function finding(orgId: string, analysisId: string, title: string): AnyDomainEvent {
  return createDomainEvent({
    type: 'finding.detected',
    orgId,
    projectId: 'shop-api',
    correlationId: randomUUID(),
    data: {
      analysisId,
      findingId: randomUUID(),
      ruleId: 'API1-BOLA',
      title,
      severity: 'high',
      owaspCategory: 'API1:2023',
      cweId: 'CWE-639',
      location: 'GET /orders/{id}',
      fingerprint: `fp-${title}`,
    },
  });
}

function completed(orgId: string, analysisId: string): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.completed',
    orgId,
    projectId: 'shop-api',
    correlationId: randomUUID(),
    data: { analysisId, status: 'COMPLETED', findingCount: 2, bySeverity: { critical: 0, high: 2, medium: 0, low: 0, info: 0 }, score: 71.5, durationMs: 1234 },
  });
}

const ENTITIES_QUERY = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on SecurityAnalysis { id integrationEvents { eventId eventType analysisId findingTitle findingSeverity findingFingerprint analysisStatus findingCount score occurredAt } }
  }
}`;

describe('integration service', () => {
  let database: TestDatabase;
  let service: RunningService;
  let redis: Redis;
  let db: pg.Client;
  let publisher: EventBusPublisher;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(testRedisUrl(REDIS_DB));
    publisher = new EventBusPublisher(redis);
    service = await bootstrapIntegrationService({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(REDIS_DB),
      INTERNAL_TOKEN,
      SECRETS_KEY: SECRETS_KEY.toString('base64'),
      APOLLO_TELEMETRY_DISABLED: 'true',
    });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await service?.close();
    await redis?.quit();
    await database?.drop();
  });

  async function graphql(body: object, identityOrg?: string): Promise<{ status: number; body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identityOrg) headers[IDENTITY_HEADER] = signIdentity({ orgId: identityOrg, principalId: 'key-1', scopes: [] }, INTERNAL_TOKEN);
    const response = await fetch(`${service.httpUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as never };
  }

  async function recorded(eventIds: string[]): Promise<Array<{ event_id: string; n: string }>> {
    const { rows } = await db.query<{ event_id: string; n: string }>(
      'SELECT event_id, count(*)::text AS n FROM integration.integration_events WHERE event_id = ANY($1::uuid[]) GROUP BY event_id',
      [eventIds],
    );
    return rows;
  }

  it('answers liveness and readiness (Postgres, Redis)', async () => {
    expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${service.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('records finding and completion events once, even when published twice', async () => {
    const orgId = randomUUID();
    const analysisId = randomUUID();
    const events = [finding(orgId, analysisId, 'one'), completed(orgId, analysisId)];
    const ignored = createDomainEvent({ type: 'analysis.progress', orgId, projectId: 'shop-api', correlationId: randomUUID(), data: { analysisId, stage: 's', percent: 1, message: '' } });
    await publisher.publish([...events, ignored]);
    await publisher.publish(events);
    await waitFor(async () => (await recorded(events.map((e) => e.id))).length === 2, 10_000);
    // Let the second delivery land too before asserting the count.
    const marker = finding(orgId, analysisId, 'marker');
    await publisher.publish([marker]);
    await waitFor(async () => (await recorded([marker.id])).length === 1, 10_000);
    expect((await recorded(events.map((e) => e.id))).map((row) => row.n)).toEqual(['1', '1']);
    expect(await recorded([ignored.id])).toEqual([]);
  });

  it('skips a malformed event without blocking the ones after it', async () => {
    const orgId = randomUUID();
    const broken = { ...finding(orgId, randomUUID(), 'broken'), data: { analysisId: 'not-a-uuid' } } as unknown as AnyDomainEvent;
    const good = finding(orgId, randomUUID(), 'good');
    await publisher.publish([broken, good]);
    await waitFor(async () => (await recorded([good.id])).length === 1, 10_000);
    expect(await recorded([broken.id])).toEqual([]);
  });

  it('resolves SecurityAnalysis entities with the events of the caller org only, batched', async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const first = randomUUID();
    const second = randomUUID();
    const events = [finding(orgA, first, 'a1'), finding(orgA, first, 'a2'), completed(orgA, first), finding(orgB, first, 'b1'), finding(orgA, second, 'a3')];
    await publisher.publish(events);
    await waitFor(async () => (await recorded(events.map((e) => e.id))).length === events.length, 10_000);

    const asA = await graphql(
      { query: ENTITIES_QUERY, variables: { representations: [{ __typename: 'SecurityAnalysis', id: first }, { __typename: 'SecurityAnalysis', id: second }, { __typename: 'SecurityAnalysis', id: 'not-a-uuid' }] } },
      orgA,
    );
    expect(asA.body.errors).toBeUndefined();
    const entities = asA.body.data?._entities as Array<{ id: string; integrationEvents: Array<Record<string, unknown>> }>;
    expect(entities.map((e) => e.id)).toEqual([first, second, 'not-a-uuid']);
    expect(entities[0]?.integrationEvents.map((e) => e.eventId)).toEqual([events[0]?.id, events[1]?.id, events[2]?.id]);
    expect(entities[0]?.integrationEvents[0]).toMatchObject({ eventType: 'finding.detected', findingTitle: 'a1', findingSeverity: 'high', findingFingerprint: 'fp-a1', analysisId: first });
    expect(entities[0]?.integrationEvents[2]).toMatchObject({ eventType: 'analysis.completed', analysisStatus: 'COMPLETED', findingCount: 2, score: 71.5 });
    expect(entities[1]?.integrationEvents.map((e) => e.findingTitle)).toEqual(['a3']);
    expect(entities[2]?.integrationEvents).toEqual([]);

    const asB = await graphql({ query: ENTITIES_QUERY, variables: { representations: [{ __typename: 'SecurityAnalysis', id: first }] } }, orgB);
    const forB = asB.body.data?._entities as Array<{ integrationEvents: Array<Record<string, unknown>> }>;
    expect(forB[0]?.integrationEvents.map((e) => e.findingTitle)).toEqual(['b1']);
  });

  it('refuses GraphQL without a verified identity, except the federation SDL', async () => {
    const anonymous = await graphql({ query: ENTITIES_QUERY, variables: { representations: [{ __typename: 'SecurityAnalysis', id: randomUUID() }] } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.data ?? undefined).toBeUndefined();

    const typename = await graphql({ query: '{ __typename }' });
    expect(typename.body.data).toEqual({ __typename: 'Query' });
    const forged = await fetch(`${service.httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity({ orgId: 'x', principalId: 'p', scopes: [] }, 'not-the-internal-token-0000') },
      body: JSON.stringify({ query: ENTITIES_QUERY, variables: { representations: [] } }),
    });
    expect(((await forged.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const introspection = await graphql({ query: '{ __schema { types { name } } }' });
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const sdl = await graphql({ query: '{ _service { sdl } }' });
    expect(sdl.status).toBe(200);
    const text = String((sdl.body.data?._service as { sdl: string }).sdl);
    expect(text).toMatch(/type SecurityAnalysis\s+@key\(fields: "id"\)/);
    expect(text).toContain('integrationEvents: [IntegrationEvent!]!');
    expect(text).toMatch(/@link\(url: "https:\/\/specs.apollo.dev\/federation\/v2/);
  });

  describe('gRPC', () => {
    let health: grpc.Client;
    let orchestrator: grpc.Client;

    beforeAll(() => {
      const url = service.grpcUrl ?? '';
      const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
      health = new Health(url, grpc.credentials.createInsecure());
      const definition = protoLoader.loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] });
      const loaded = grpc.loadPackageDefinition(definition) as unknown as { security: { orchestrator: { SecurityOrchestratorService: grpc.ServiceClientConstructor } } };
      orchestrator = new loaded.security.orchestrator.SecurityOrchestratorService(url, grpc.credentials.createInsecure());
    });

    afterAll(() => {
      health?.close();
      orchestrator?.close();
    });

    it('answers the standard health check with SERVING', async () => {
      await expect(call(health, 'Check', { service: '' })).resolves.toEqual({ status: 'SERVING' });
      await expect(call(health, 'Check', { service: 'security.orchestrator.SecurityOrchestratorService' })).resolves.toEqual({ status: 'SERVING' });
    });

    it('lists its services through server reflection', async () => {
      const require = createRequire(import.meta.url);
      const reflectionProto = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1alpha/reflection.proto');
      const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(reflectionProto)) as unknown as {
        grpc: { reflection: { v1alpha: { ServerReflection: grpc.ServiceClientConstructor } } };
      };
      const client = new loaded.grpc.reflection.v1alpha.ServerReflection(service.grpcUrl ?? '', grpc.credentials.createInsecure());
      try {
        const stream = (client as unknown as { ServerReflectionInfo: () => grpc.ClientDuplexStream<object, { listServicesResponse?: { service: Array<{ name: string }> } }> }).ServerReflectionInfo();
        const names = await new Promise<string[]>((resolve, reject) => {
          stream.on('data', (response) => {
            resolve((response.listServicesResponse?.service ?? []).map((entry: { name: string }) => entry.name));
            stream.end();
          });
          stream.on('error', reject);
          stream.write({ listServices: '' });
        });
        expect(names).toEqual(expect.arrayContaining(['security.orchestrator.SecurityOrchestratorService']));
      } finally {
        client.close();
      }
    });

    it('creates an integration with encrypted credentials and reports its status to its org only', async () => {
      const orgId = randomUUID();
      const metadata = internalCallMetadata({ orgId, principalId: 'key-1', scopes: [] }, INTERNAL_TOKEN);
      const created = await call(
        orchestrator,
        'CreateIntegration',
        {
          projectId: 'shop-api',
          name: 'Jira',
          type: 'jira',
          config: { baseUrl: 'https://jira.example.test', projectKey: 'SEC' },
          credentials: { email: 'bot@example.test', apiToken: 'super-secret-token' },
        },
        metadata,
      );
      expect(created).toMatchObject({ status: 0, integrationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const id = String(created.integrationId);

      const { rows } = await db.query<{ credentials_ciphertext: string; config: Record<string, string> }>('SELECT credentials_ciphertext, config FROM integration.integrations WHERE id = $1', [id]);
      expect(rows[0]?.config).toEqual({ baseUrl: 'https://jira.example.test', projectKey: 'SEC' });
      expect(rows[0]?.credentials_ciphertext).not.toContain('super-secret');
      expect(JSON.parse(new CredentialsCipher(SECRETS_KEY).decrypt(rows[0]?.credentials_ciphertext ?? '', `${orgId}:${id}`))).toEqual({ email: 'bot@example.test', apiToken: 'super-secret-token' });

      const status = await call(orchestrator, 'GetIntegrationStatus', { integrationId: id }, internalCallMetadata({ orgId, principalId: 'key-1', scopes: [] }, INTERNAL_TOKEN));
      expect(status).toMatchObject({ integrationId: id, status: 0, lastCheckedAt: '' });

      const otherOrg = call(orchestrator, 'GetIntegrationStatus', { integrationId: id }, internalCallMetadata({ orgId: randomUUID(), principalId: 'k', scopes: [] }, INTERNAL_TOKEN));
      await expect(otherOrg).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });

      const duplicate = call(
        orchestrator,
        'CreateIntegration',
        { projectId: 'shop-api', name: 'Jira', type: 'jira', config: { baseUrl: 'https://jira.example.test', projectKey: 'OPS' }, credentials: { token: 'pat' } },
        internalCallMetadata({ orgId, principalId: 'k', scopes: [] }, INTERNAL_TOKEN),
      );
      await expect(duplicate).rejects.toMatchObject({ code: grpc.status.ALREADY_EXISTS });
    });

    it('refuses calls without identity and bad input with clear statuses', async () => {
      await expect(call(orchestrator, 'GetIntegrationStatus', { integrationId: randomUUID() })).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
      const metadata = () => internalCallMetadata({ orgId: randomUUID(), principalId: 'k', scopes: [] }, INTERNAL_TOKEN);
      const bad = call(orchestrator, 'CreateIntegration', { projectId: 'Bad Key', name: '', type: 'email' }, metadata());
      await expect(bad).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/projectId.*name.*type/s) });
      await expect(call(orchestrator, 'GetIntegrationStatus', { integrationId: 'nope' }, metadata())).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
      // The analysis RPCs are served by the analysis service, not here.
      await expect(call(orchestrator, 'HealthCheck', {}, metadata())).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    });
  });
});
