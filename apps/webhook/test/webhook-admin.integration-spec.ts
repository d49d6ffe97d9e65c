import { composeServices } from '@apollo/composition';
import { Metadata, status } from '@grpc/grpc-js';
import { parse } from 'graphql';
import { fromGrpcError, signIdentity } from '@so/shared';
import { eventually } from './testing/eventually.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';
import { WebhookServiceHarness } from './testing/webhook-service.harness.js';

const ORG = 'org-admin';
const OTHER_ORG = 'org-admin-other';

async function grpcError(call: Promise<unknown>): Promise<{ code: number; domain: ReturnType<typeof fromGrpcError> }> {
  try {
    await call;
  } catch (error) {
    return { code: (error as { code: number }).code, domain: fromGrpcError(error) };
  }
  throw new Error('expected the call to fail');
}

describe('Webhook service - endpoints, GraphQL and health', () => {
  const harness = new WebhookServiceHarness();
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    await harness.start({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,100' });
  });

  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  describe('WebhookAdminService', () => {
    it('refuses CreateEndpoint without a signed identity', async () => {
      const { code, domain } = await grpcError(
        harness.admin.createEndpoint({ url: receiver.url, eventTypes: ['*'] }, new Metadata()),
      );
      expect(code).toBe(status.UNAUTHENTICATED);
      expect(domain.code).toBe('WEBHOOK.UNAUTHENTICATED');
    });

    it('refuses an identity signed with another key', async () => {
      const forged = new Metadata();
      forged.set('x-so-identity', signIdentity(harness.identity(ORG), 'some-other-internal-token'));
      const { code } = await grpcError(harness.admin.listEndpoints({}, forged));
      expect(code).toBe(status.UNAUTHENTICATED);
    });

    it('rejects a bad URL and an unknown event type with field violations', async () => {
      const { code, domain } = await grpcError(
        harness.admin.createEndpoint(
          { url: 'ftp://example.com/hook', eventTypes: ['analysis.completed', 'analysis.exploded', 'nope.*'] },
          harness.metadata(ORG),
        ),
      );
      expect(code).toBe(status.INVALID_ARGUMENT);
      expect(domain.code).toBe('WEBHOOK.INVALID_ENDPOINT');
      expect(domain.violations.map((v) => v.field).sort()).toEqual(['eventTypes[1]', 'eventTypes[2]', 'url']);
    });

    it.each([
      ['not a url', 'must be an absolute http or https URL'],
      ['https://user:pw@example.com/hook', 'must not contain credentials'],
      ['', 'is required'],
    ])('rejects the URL %j', async (url, description) => {
      const { code, domain } = await grpcError(
        harness.admin.createEndpoint({ url, eventTypes: ['*'] }, harness.metadata(ORG)),
      );
      expect(code).toBe(status.INVALID_ARGUMENT);
      expect(domain.violations).toEqual([{ field: 'url', description }]);
    });

    it('creates an endpoint, returns its whsec_ secret once and never stores it in clear', async () => {
      const created = await harness.admin.createEndpoint(
        {
          url: receiver.url,
          eventTypes: ['analysis.*', 'finding.detected'],
          description: 'CI bot',
          projectId: 'shop-api',
        },
        harness.metadata(ORG),
      );
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
      expect(created.endpoint).toMatchObject({
        url: receiver.url,
        eventTypes: ['analysis.*', 'finding.detected'],
        description: 'CI bot',
        enabled: true,
        projectId: 'shop-api',
      });

      const stored = await harness.db.query('SELECT secret_ciphertext FROM webhook.endpoints WHERE id = $1', [
        created.endpoint?.id,
      ]);
      const ciphertext = stored.rows[0]?.secret_ciphertext as string;
      expect(ciphertext).toMatch(/^v1\./);
      expect(ciphertext).not.toContain(created.secret.slice('whsec_'.length));

      const listed = await harness.admin.listEndpoints({}, harness.metadata(ORG));
      expect(listed.endpoints.map((e) => e.id)).toContain(created.endpoint?.id);
      expect(JSON.stringify(listed)).not.toContain(created.secret);
    });

    it('lists and deletes only within the caller org', async () => {
      const mine = await harness.admin.createEndpoint(
        { url: receiver.url, eventTypes: ['*'], projectId: 'billing-api' },
        harness.metadata(ORG),
      );
      const id = mine.endpoint?.id ?? '';
      expect((await harness.admin.listEndpoints({}, harness.metadata(OTHER_ORG))).endpoints).toEqual([]);
      expect(
        (await harness.admin.listEndpoints({ projectId: 'billing-api' }, harness.metadata(ORG))).endpoints.map(
          (e) => e.id,
        ),
      ).toEqual([id]);

      const foreign = await grpcError(harness.admin.deleteEndpoint({ id }, harness.metadata(OTHER_ORG)));
      expect(foreign.code).toBe(status.NOT_FOUND);

      expect(await harness.admin.deleteEndpoint({ id }, harness.metadata(ORG))).toEqual({ deleted: true });
      expect((await harness.admin.listEndpoints({}, harness.metadata(ORG))).endpoints.map((e) => e.id)).not.toContain(
        id,
      );
      expect((await grpcError(harness.admin.deleteEndpoint({ id }, harness.metadata(ORG)))).code).toBe(
        status.NOT_FOUND,
      );
      expect((await grpcError(harness.admin.deleteEndpoint({ id: 'not-a-uuid' }, harness.metadata(ORG)))).code).toBe(
        status.INVALID_ARGUMENT,
      );
    });
  });

  describe('GraphQL subgraph', () => {
    it('answers _service { sdl } without identity, extending SecurityAnalysis', async () => {
      const { status: httpStatus, body } = await harness.graphql('{ _service { sdl } }');
      expect(httpStatus).toBe(200);
      const sdl = (body.data?._service as { sdl: string }).sdl;
      expect(sdl).toMatch(/type SecurityAnalysis\s+@key\(fields: "id"\)/);
      expect(sdl).toContain('webhookDeliveries: [WebhookDelivery!]!');
      expect(sdl).toContain('webhookEndpoints(projectId: String): [WebhookEndpoint!]!');
      expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2');

      // Composes with a subgraph that owns SecurityAnalysis, as the analysis service does.
      const analysisSdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type SecurityAnalysis @key(fields: "id") { id: ID! status: String! }
        type Query { securityAnalysis(id: ID!): SecurityAnalysis }`;
      const composed = composeServices([
        { name: 'analysis', url: 'http://127.0.0.1:3001/graphql', typeDefs: parse(analysisSdl) },
        { name: 'webhook', url: 'http://127.0.0.1:3003/graphql', typeDefs: parse(sdl) },
      ]);
      expect(composed.errors).toBeUndefined();
      expect(composed.supergraphSdl).toMatch(/webhookDeliveries: \[WebhookDelivery!\]! @join__field\(graph: WEBHOOK\)/);
    });

    it.each([
      ['webhookEndpoints', '{ webhookEndpoints { id } }'],
      [
        '_entities',
        '{ _entities(representations: [{ __typename: "SecurityAnalysis", id: "a-1" }]) { ... on SecurityAnalysis { id } } }',
      ],
      ['__schema', '{ __schema { queryType { name } } }'],
    ])('refuses %s without identity with UNAUTHENTICATED', async (_name, query) => {
      const { body } = await harness.graphql(query);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data ?? null).toBeNull();
    });

    it('lists the caller org endpoints, not the secret', async () => {
      await harness.admin.createEndpoint(
        { url: receiver.url, eventTypes: ['analysis.completed'], projectId: 'gql-api' },
        harness.metadata('org-gql'),
      );
      const { body } = await harness.graphql(
        '{ webhookEndpoints(projectId: "gql-api") { url eventTypes enabled projectId createdAt } }',
        {},
        'org-gql',
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.webhookEndpoints).toEqual([
        {
          url: receiver.url,
          eventTypes: ['analysis.completed'],
          enabled: true,
          projectId: 'gql-api',
          createdAt: expect.any(String),
        },
      ]);
      const invalid = await harness.graphql('{ webhookEndpoints(projectId: "Not Valid") { id } }', {}, 'org-gql');
      expect(invalid.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        errorCode: 'WEBHOOK.INVALID_PROJECT',
      });
    });

    it('resolves webhookDeliveries for many analyses in one request, scoped to the caller org', async () => {
      const org = 'org-gql-deliveries';
      await harness.admin.createEndpoint(
        { url: receiver.url, eventTypes: ['analysis.started', 'analysis.completed'] },
        harness.metadata(org),
      );
      const started = harness.event('analysis.started', org, { analysisId: 'an-1', targetUrl: null });
      const second = harness.event('analysis.started', org, { analysisId: 'an-2', targetUrl: null });
      await harness.publish(started, second);
      await eventually('both deliveries', async () => {
        const rows = await harness.db.query(
          `SELECT count(*)::int AS n FROM webhook.messages WHERE org_id = $1 AND status = 'delivered'`,
          [org],
        );
        return rows.rows[0]?.n === 2;
      });

      const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on SecurityAnalysis {
        id webhookDeliveries { id eventId eventType endpointUrl status delivered attempts lastStatus lastResponseStatus deliveredAt } } } }`;
      const reps = ['an-1', 'an-2', 'an-none'].map((id) => ({ __typename: 'SecurityAnalysis', id }));
      const { body } = await harness.graphql(query, { reps }, org);
      expect(body.errors).toBeUndefined();
      const entities = body.data?._entities as Array<{ id: string; webhookDeliveries: Array<Record<string, unknown>> }>;
      expect(entities.map((e) => [e.id, e.webhookDeliveries.length])).toEqual([
        ['an-1', 1],
        ['an-2', 1],
        ['an-none', 0],
      ]);
      expect(entities[0]?.webhookDeliveries[0]).toMatchObject({
        id: expect.stringMatching(/^msg_/),
        eventId: started.id,
        eventType: 'analysis.started',
        endpointUrl: receiver.url,
        status: 'DELIVERED',
        delivered: true,
        attempts: 1,
        lastStatus: 'SUCCEEDED',
        lastResponseStatus: 204,
      });

      const stranger = await harness.graphql(query, { reps }, 'org-stranger');
      const strangerEntities = stranger.body.data?._entities as Array<{ webhookDeliveries: unknown[] }>;
      expect(strangerEntities.every((e) => e.webhookDeliveries.length === 0)).toBe(true);
    });
  });

  describe('health', () => {
    it('is live and ready when Postgres and Redis answer', async () => {
      const live = await fetch(`${harness.service.httpUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${harness.service.httpUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: { postgres: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('answers unknown routes with problem+json', async () => {
      const response = await fetch(`${harness.service.httpUrl}/nope`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});
