import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

const ALLOWED = `query Analysis($id: ID!) { securityAnalysis(id: $id) { id projectId status } }`;

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Production switches: introspection off, and the optional allow-list of persisted operations. */
describe('Gateway GraphQL protection (production, allow-list)', () => {
  let harness: GatewayHarness;
  let apiKey: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gql-allowlist-'));
    const file = join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ analysis: ALLOWED }));
    harness = await startGatewayHarness({ NODE_ENV: 'production', GRAPHQL_ALLOWLIST_FILE: file });
    apiKey = (await harness.createOrg()).apiKey.key;
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  };

  it('Allow-list - a listed operation runs, even reformatted', async () => {
    const { status, body } = await graphql(ALLOWED.replace(/ /g, '\n  '), { id: 'a-1' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ securityAnalysis: { id: 'a-1', projectId: 'shop-api', status: 'COMPLETED' } });
  });

  it('Allow-list - any other operation is HTTP 400 OPERATION_NOT_ALLOWED and reaches no subgraph', async () => {
    harness.subgraphs.analysis.requests.length = 0;
    const { status, body } = await graphql(`query { securityAnalysis(id: "a-1") { id orgId } }`);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_NOT_ALLOWED']);
    expect(harness.subgraphs.analysis.requests).toHaveLength(0);
  });

  it('Introspection - refused in production', async () => {
    const { status, body } = await graphql('{ __schema { queryType { name } } }');
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toMatch(/introspection/i);
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('Boot - an unreadable allow-list fails the start with a line naming the variable', async () => {
    await expect(
      startGatewayHarness({ GRAPHQL_ALLOWLIST_FILE: join(tmpdir(), 'does-not-exist-allowlist.json') }),
    ).rejects.toThrow(/GRAPHQL_ALLOWLIST_FILE .*does-not-exist-allowlist\.json/);
  });
});
