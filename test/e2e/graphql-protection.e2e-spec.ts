import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, leaseTestRedis, type TestDatabase, type TestRedisLease } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The gateway's GraphQL protection, through the real platform (five services as processes). */
describe('GraphQL gateway - protection', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  const graphql = async (query: string, variables: Record<string, unknown> = {}, key: string | null = platform.apiKey) => {
    const response = await fetch(`${platform.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  };
  const codes = (body: GraphQLBody) => (body.errors ?? []).map((error) => error.extensions?.code);

  it('Depth - a query nested 11 levels is HTTP 400 QUERY_TOO_DEEP', async () => {
    const deep = `{ securityAnalysis(id: "${randomUUID()}") { ${'project { '.repeat(9)}id${' }'.repeat(9)} } }`;
    const { status, body } = await graphql(deep);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    const error = body.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_DEEP');
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 10 });
  });

  it('Cost - an operation above the cost limit is HTTP 400 QUERY_TOO_COMPLEX before any subgraph work', async () => {
    const id = randomUUID();
    const fields = Array.from({ length: 1700 }, (_, i) => `a${i}: securityAnalysis(id: "${id}") { id status }`).join('\n');
    const { status, body } = await graphql(`{ ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 5100, maxCost: 5000 });
  });

  it('Page size - first above 100 is HTTP 400 PAGE_SIZE_TOO_LARGE, also through a variable', async () => {
    const { status, body } = await graphql('query Dead($n: Int) { webhookDeadLetters(first: $n) { id } }', { n: 101 });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['PAGE_SIZE_TOO_LARGE']);
    const ok = await graphql('query Dead($n: Int) { webhookDeadLetters(first: $n) { id } }', { n: 100 });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data).toEqual({ webhookDeadLetters: [] });
  });

  it('Auth - an operation without an API key is HTTP 401 UNAUTHENTICATED', async () => {
    const { status, body } = await graphql(`{ securityAnalysis(id: "${randomUUID()}") { id } }`, {}, null);
    expect(status).toBe(401);
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
  });

  it('Errors - a subgraph error keeps its stable code and carries no stack trace', async () => {
    const { body } = await graphql(`{ securityAnalysis(id: "${randomUUID()}") { id status } }`);
    expect(codes(body)).toEqual(['NOT_FOUND']);
    for (const error of body.errors ?? []) {
      expect(error.extensions).not.toHaveProperty('stacktrace');
      expect(error.extensions).not.toHaveProperty('exception');
    }
  });
});
