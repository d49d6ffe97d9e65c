import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '@so/testing';
import { INTERNAL_TOKEN, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';
import { PLATFORM_SUBGRAPHS, startSubgraphDouble, type SubgraphDouble } from './testing/subgraph-double.js';

const QUERY = `query Analysis($id: ID!) {
  securityAnalysis(id: $id) { id projectId status orgId webhookDeliveries integrationEvents }
}`;

interface GraphQLBody {
  data?: { securityAnalysis?: Record<string, unknown> } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; errorCode?: string } }>;
}

/** The federated graph at /graphql over three real subgraph doubles. */
describe('Gateway GraphQL federation', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness({ RATE_LIMIT_MAX: '3' });
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  const graphql = (headers: Record<string, string>, id = 'a-1') =>
    fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: QUERY, variables: { id } }),
    });

  it('Query - resolves one entity across all subgraphs, each called with the signed caller identity', async () => {
    const { org, apiKey } = await harness.createOrg();
    for (const subgraph of Object.values(harness.subgraphs)) subgraph.requests.length = 0;

    const response = await graphql({ authorization: `Bearer ${apiKey.key}`, 'x-correlation-id': 'gql-corr-1' });

    expect(response.status).toBe(200);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors).toBeUndefined();
    expect(body.data?.securityAnalysis).toEqual({
      id: 'a-1',
      projectId: 'shop-api',
      status: 'COMPLETED',
      orgId: org.id,
      webhookDeliveries: [`delivery:a-1:${org.id}`],
      integrationEvents: [`event:a-1:${org.id}`],
    });
    for (const subgraph of Object.values(harness.subgraphs)) {
      expect(subgraph.requests).toHaveLength(1);
      const [request] = subgraph.requests;
      expect(request.identity).toEqual({ orgId: org.id, principalId: apiKey.id, scopes: ['*'] });
      expect(request.correlationId).toBe('gql-corr-1');
      // The client's key stays at the edge.
      expect(request.authorization).toBeUndefined();
      expect(request.apiKeyHeader).toBeUndefined();
    }
  });

  it('Auth - an operation without a key is HTTP 401 with a GraphQL UNAUTHENTICATED error', async () => {
    const response = await graphql({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', errorCode: 'AUTH.MISSING_CREDENTIALS' });
    expect(
      harness.subgraphs.analysis.requests.filter((r) => r.query.includes('securityAnalysis') && !r.identity),
    ).toHaveLength(0);
  });

  it('Auth - an invalid key is HTTP 401 with UNAUTHENTICATED', async () => {
    const response = await graphql({ 'x-api-key': 'so_live_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect(response.status).toBe(401);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', errorCode: 'AUTH.INVALID_API_KEY' });
  });

  it('Rate limit - GraphQL shares the per-key quota and answers 429 with RATE_LIMITED', async () => {
    const { apiKey } = await harness.createOrg();
    for (let i = 0; i < 3; i++) expect((await graphql({ 'x-api-key': apiKey.key })).status).toBe(200);
    const limited = await graphql({ 'x-api-key': apiKey.key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await limited.json()) as GraphQLBody;
    expect(body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });

  it('Health - readiness sees every subgraph', async () => {
    const response = await fetch(`${harness.url}/health/ready`);
    const report = (await response.json()) as { details: Record<string, { status: string }> };
    for (const name of ['analysis-graphql', 'integration-graphql', 'webhook-graphql'])
      expect(report.details[name].status).toBe('up');
  });

  it('Failure - a subgraph that goes away yields a GraphQL error naming it, without internal addresses', async () => {
    const { apiKey } = await harness.createOrg();
    await harness.subgraphs.webhook.close();
    const response = await graphql({ 'x-api-key': apiKey.key });
    const text = await response.text();
    const body = JSON.parse(text) as GraphQLBody;
    expect(body.errors?.[0]).toMatchObject({
      message: 'the webhook service is unavailable',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});

describe('Gateway GraphQL federation - boot', () => {
  it('Boot - fails within the wait, naming the subgraph that does not answer', async () => {
    const deadPort = await freePort();
    const started = Date.now();
    await expect(
      startGatewayHarness({ WEBHOOK_GRAPHQL_URL: `http://127.0.0.1:${deadPort}/graphql`, SUBGRAPH_WAIT_SECONDS: '1' }),
    ).rejects.toThrow(
      new RegExp(`subgraph\\(s\\) did not answer within 1 s: webhook at http://127\\.0\\.0\\.1:${deadPort}/graphql`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('Boot - waits for a subgraph that starts late', async () => {
    const port = await freePort();
    let late: SubgraphDouble | undefined;
    const timer = setTimeout(() => {
      void startSubgraphDouble(
        'webhook',
        PLATFORM_SUBGRAPHS.webhook.sdl,
        PLATFORM_SUBGRAPHS.webhook.resolvers,
        INTERNAL_TOKEN,
        port,
      ).then((s) => (late = s));
    }, 1_500);
    const started = Date.now();
    const harness = await startGatewayHarness({
      WEBHOOK_GRAPHQL_URL: `http://127.0.0.1:${port}/graphql`,
      SUBGRAPH_WAIT_SECONDS: '15',
    });
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      const { apiKey } = await harness.createOrg();
      const response = await fetch(`${harness.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey.key },
        body: JSON.stringify({ query: '{ securityAnalysis(id: "a-9") { webhookDeliveries } }' }),
      });
      expect(((await response.json()) as GraphQLBody).data?.securityAnalysis).toEqual({
        webhookDeliveries: [expect.stringMatching(/^delivery:a-9:/)],
      });
    } finally {
      clearTimeout(timer);
      await harness.close();
      await late?.close();
    }
  }, 30_000);
});
