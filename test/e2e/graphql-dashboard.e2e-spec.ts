import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateOrgWithApiKeyUseCase, gatewayDataSourceOptions } from '@so/gateway-identity';
import { createTestDatabase, leaseTestRedis, startHttpServer, waitFor, type TestDatabase, type TestHttpServer, type TestRedisLease } from '@so/testing';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface GraphQLBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

interface UserError {
  field: string | null;
  message: string;
  code: string;
}

interface Connection<N> {
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount?: number;
}

const PROJECT = 'dash-api';
const ANALYSES = 5;

/** A target with flaws the live checks report (permissive CORS, version disclosure), answering at once. */
function vulnerableTarget(): Promise<TestHttpServer> {
  return startHttpServer((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('x-powered-by', 'Express 4.17.1');
    res.setHeader('server', 'nginx/1.18.0');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
}

const START = `mutation Start($input: StartSecurityAnalysisInput!) {
  startSecurityAnalysis(input: $input) { analysis { id status projectId config { maxDepth timeoutSeconds } } userErrors { field message code } }
}`;

/** The dashboard API of the federated graph, through the gateway with plain GraphQL over HTTP. */
describe('GraphQL gateway - dashboard API', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  let sql: pg.Client;
  let otherOrgKey: string;
  const analysisIds: string[] = [];

  const graphql = async <T>(query: string, variables: Record<string, unknown> = {}, key = platform.apiKey) => {
    const response = await fetch(`${platform.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody<T> };
  };
  const codes = (body: GraphQLBody<unknown>) => (body.errors ?? []).map((error) => error.extensions?.['code']);
  const errorCodes = (body: GraphQLBody<unknown>) => (body.errors ?? []).map((error) => error.extensions?.['errorCode']);

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await vulnerableTarget();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
    // A second org with its own key, created the way onboarding creates orgs.
    const identity = await new DataSource(gatewayDataSourceOptions(database.url, 1)).initialize();
    try {
      otherOrgKey = (await new CreateOrgWithApiKeyUseCase(identity).execute({ orgName: 'other-org' })).apiKey.key;
    } finally {
      await identity.destroy();
    }
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();

    for (let i = 0; i < ANALYSES; i++) {
      const { body } = await graphql<{ startSecurityAnalysis: { analysis: { id: string }; userErrors: UserError[] } }>(START, {
        input: { projectId: PROJECT, targetUrl: target.url },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data?.startSecurityAnalysis.userErrors).toEqual([]);
      analysisIds.push(body.data?.startSecurityAnalysis.analysis.id ?? '');
    }
    await waitFor(
      async () => {
        const { rows } = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM analysis.analyses WHERE id = ANY($1::uuid[]) AND status = 'COMPLETED'`,
          [analysisIds],
        );
        return rows[0]?.n === ANALYSES;
      },
      90_000,
      200,
    );
  }, 200_000);

  afterAll(async () => {
    await sql?.end();
    await platform?.close();
    await target?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it('Pagination - projectAnalyses pages forward to the end, newest first, across subgraphs', async () => {
    const query = `query Page($after: String) {
      projectAnalyses(projectId: "${PROJECT}", first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id status createdAt project { key } findings { id severity } integrationEvents { eventType } webhookDeliveries { id } } }
      }
    }`;
    type Node = { id: string; status: string; createdAt: string; project: { key: string }; findings: unknown[] };
    const seen: Node[] = [];
    let after: string | null = null;
    const pageSizes: number[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const { body } = await graphql<{ projectAnalyses: Connection<Node> }>(query, { after });
      expect(body.errors).toBeUndefined();
      const page = body.data?.projectAnalyses as Connection<Node>;
      expect(page.totalCount).toBe(ANALYSES);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      pageSizes.push(page.edges.length);
      seen.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen.map((node) => node.id).sort()).toEqual([...analysisIds].sort());
    // Started one after the other, so newest first is the reverse of the start order.
    expect(seen.map((node) => node.id)).toEqual([...analysisIds].reverse());
    for (const node of seen) {
      expect(node).toMatchObject({ status: 'COMPLETED', project: { key: PROJECT } });
      expect(node.findings.length).toBeGreaterThan(0);
    }
  });

  it('Pagination - status filter, page size limit and a forged cursor answer with codes', async () => {
    const count = async (status: string) =>
      (await graphql<{ projectAnalyses: { totalCount: number; edges: unknown[] } }>(
        `{ projectAnalyses(projectId: "${PROJECT}", status: ${status}) { totalCount edges { cursor } } }`,
      )).body.data?.projectAnalyses;
    expect(await count('COMPLETED')).toMatchObject({ totalCount: ANALYSES });
    expect(await count('FAILED')).toEqual({ totalCount: 0, edges: [] });

    const tooLarge = await graphql(`{ projectAnalyses(projectId: "${PROJECT}", first: 101) { totalCount } }`);
    expect(tooLarge.status).toBe(400);
    expect(codes(tooLarge.body)).toEqual(['PAGE_SIZE_TOO_LARGE']);
    const zero = await graphql(`{ projectAnalyses(projectId: "${PROJECT}", first: 0) { totalCount } }`);
    expect(errorCodes(zero.body)).toEqual(['ANALYSIS.INVALID_PAGE_SIZE']);
    const forged = await graphql(`{ projectAnalyses(projectId: "${PROJECT}", after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(codes(forged.body)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(forged.body)).toEqual(['ANALYSIS.INVALID_CURSOR']);
  });

  it('Mutations - invalid input, a finished analysis and a duplicate integration come back as typed user errors', async () => {
    const invalid = await graphql<{ startSecurityAnalysis: { analysis: null; userErrors: UserError[] } }>(START, {
      input: { projectId: 'Not A Key', targetUrl: 'ftp://example.com', config: { maxDepth: 99 } },
    });
    expect(invalid.body.errors).toBeUndefined();
    expect(invalid.body.data?.startSecurityAnalysis.analysis).toBeNull();
    const fields = invalid.body.data?.startSecurityAnalysis.userErrors.map((error) => [error.field, error.code]);
    expect(fields?.sort()).toEqual(
      [
        ['config.maxDepth', 'ANALYSIS.INVALID_REQUEST'],
        ['projectId', 'ANALYSIS.INVALID_REQUEST'],
        ['targetUrl', 'ANALYSIS.INVALID_REQUEST'],
      ].sort(),
    );

    const cancel = await graphql<{ cancelAnalysis: { analysis: null; userErrors: UserError[] } }>(
      `mutation ($id: ID!) { cancelAnalysis(id: $id) { analysis { id } userErrors { field message code } } }`,
      { id: analysisIds[0] },
    );
    expect(cancel.body.data?.cancelAnalysis).toEqual({
      analysis: null,
      userErrors: [{ field: null, message: expect.stringContaining('already completed'), code: 'ANALYSIS.ALREADY_FINISHED' }],
    });

    const reconfigure = await graphql<{ updateAnalysisConfig: { userErrors: UserError[] } }>(
      `mutation ($id: ID!) { updateAnalysisConfig(id: $id, config: { maxDepth: 2 }) { analysis { id } userErrors { field message code } } }`,
      { id: analysisIds[0] },
    );
    expect(reconfigure.body.data?.updateAnalysisConfig.userErrors.map((error) => error.code)).toEqual(['ANALYSIS.NOT_PENDING']);

    const createIntegration = `mutation ($input: CreateIntegrationInput!) {
      createIntegration(input: $input) { integration { id projectId name type status } userErrors { field message code } }
    }`;
    // Nothing listens on port 9: creating does not call the tracker, only the first push would.
    const input = {
      projectId: PROJECT,
      name: 'Tracker',
      type: 'jira',
      config: [
        { key: 'baseUrl', value: 'http://127.0.0.1:9' },
        { key: 'projectKey', value: 'SEC' },
      ],
      credentials: [{ key: 'token', value: 'jira-personal-access-token' }],
    };
    const created = await graphql<{ createIntegration: { integration: Record<string, unknown>; userErrors: UserError[] } }>(createIntegration, { input });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createIntegration).toEqual({
      integration: { id: expect.any(String), projectId: PROJECT, name: 'Tracker', type: 'jira', status: 'INACTIVE' },
      userErrors: [],
    });
    const specSource = await graphql<{ createIntegration: { integration: null; userErrors: UserError[] } }>(createIntegration, {
      input: { projectId: PROJECT, name: 'Spec registry', type: 'spec_source', config: [{ key: 'url', value: 'http://127.0.0.1:9/openapi.yaml' }] },
    });
    expect(specSource.body.data?.createIntegration).toEqual({
      integration: null,
      userErrors: [{ field: 'type', message: expect.stringContaining('spec_source is not supported yet'), code: 'INTEGRATION.UNSUPPORTED_TYPE' }],
    });
    const duplicate = await graphql<{ createIntegration: { integration: null; userErrors: UserError[] } }>(createIntegration, { input });
    expect(duplicate.body.data?.createIntegration.integration).toBeNull();
    expect(duplicate.body.data?.createIntegration.userErrors.map((error) => error.code)).toEqual(['INTEGRATION.ALREADY_EXISTS']);
    const badType = await graphql<{ createIntegration: { userErrors: UserError[] } }>(createIntegration, {
      input: { ...input, name: 'Other', type: 'carrier-pigeon' },
    });
    expect(badType.body.data?.createIntegration.userErrors).toEqual([
      { field: 'type', message: expect.any(String), code: 'INTEGRATION.INVALID_REQUEST' },
    ]);
  });

  it('Search - searchVulnerabilities finds stored findings by rule id and words, pages to the end, and refuses empty text', async () => {
    const { rows } = await sql.query<{ rule_id: string; title: string }>(
      `SELECT rule_id, title FROM analysis.findings WHERE analysis_id = $1 ORDER BY rule_id LIMIT 1`,
      [analysisIds[0]],
    );
    const ruleId = rows[0]?.rule_id as string;
    const { rows: expected } = await sql.query<{ id: string }>(`SELECT id FROM analysis.findings WHERE rule_id = $1`, [ruleId]);
    expect(expected.length).toBeGreaterThanOrEqual(ANALYSES);

    const search = `query ($q: String!, $after: String) {
      searchVulnerabilities(query: $q, first: 2, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { id rank finding { id ruleId title } analysis { id projectId } } }
      }
    }`;
    type Hit = { id: string; rank: number; finding: { id: string; ruleId: string }; analysis: { id: string; projectId: string } };
    const hits: Hit[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const { body } = await graphql<{ searchVulnerabilities: Connection<Hit> }>(search, { q: ruleId, after });
      expect(body.errors).toBeUndefined();
      const page = body.data?.searchVulnerabilities as Connection<Hit>;
      hits.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const hitIds = hits.map((hit) => hit.id);
    expect(new Set(hitIds).size).toBe(hitIds.length);
    expect(hitIds).toEqual(expect.arrayContaining(expected.map((row) => row.id)));
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.rank).toBeGreaterThanOrEqual(hits[i]!.rank);
    expect(hits.every((hit) => hit.analysis.projectId === PROJECT && analysisIds.includes(hit.analysis.id))).toBe(true);

    const miss = await graphql<{ searchVulnerabilities: Connection<Hit> }>(search, { q: 'zyxwvutsrq' });
    expect(miss.body.data?.searchVulnerabilities).toEqual({ pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    for (const q of ['   ', 'the and of']) {
      const refused = await graphql(search, { q });
      expect(codes(refused.body)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(refused.body)).toEqual(['ANALYSIS.INVALID_SEARCH_QUERY']);
    }
  });

  it('Dashboard - dashboardMetrics matches the stored analyses and the findings of the latest completed one', async () => {
    const { body } = await graphql<{
      dashboardMetrics: {
        projectId: string;
        totalAnalyses: number;
        analysesByStatus: Array<{ status: string; count: number }>;
        latestAnalysisId: string;
        latestScore: number;
        totalFindings: number;
        findingsBySeverity: Array<{ severity: string; count: number }>;
        findingsByStatus: Array<{ status: string; count: number }>;
        findingsByCategory: Array<{ category: string; categoryName: string; count: number }>;
        trend: Array<{ analysisId: string; score: number; totalFindings: number }>;
      };
    }>(`{ dashboardMetrics(projectId: "${PROJECT}") {
      projectId totalAnalyses analysesByStatus { status count } latestAnalysisId latestScore totalFindings
      findingsBySeverity { severity count } findingsByStatus { status count } findingsByCategory { category categoryName count }
      trend { analysisId score totalFindings }
    } }`);
    expect(body.errors).toBeUndefined();
    const metrics = body.data!.dashboardMetrics;

    const latest = (
      await sql.query<{ id: string; score: number }>(
        `SELECT id, (metrics->>'score')::float8 AS score FROM analysis.analyses
          WHERE status = 'COMPLETED' AND id = ANY($1::uuid[]) ORDER BY completed_at DESC, id DESC LIMIT 1`,
        [analysisIds],
      )
    ).rows[0]!;
    const grouped = async (column: string) =>
      Object.fromEntries(
        (
          await sql.query<{ key: string; n: number }>(
            `SELECT ${column}::text AS key, count(*)::int AS n FROM analysis.findings WHERE analysis_id = $1 GROUP BY 1`,
            [latest.id],
          )
        ).rows.map((row) => [row.key, row.n]),
      );
    const bySeverity = await grouped('severity');
    const byStatus = await grouped('status');
    const byCategory = await grouped('category');
    const total = Object.values(bySeverity).reduce((sum, n) => sum + n, 0);

    expect(metrics).toMatchObject({ projectId: PROJECT, totalAnalyses: ANALYSES, latestAnalysisId: latest.id, latestScore: latest.score, totalFindings: total });
    expect(total).toBeGreaterThan(0);
    expect(metrics.analysesByStatus.find((entry) => entry.status === 'COMPLETED')?.count).toBe(ANALYSES);
    expect(metrics.analysesByStatus).toHaveLength(5);
    expect(Object.fromEntries(metrics.findingsBySeverity.map((entry) => [entry.severity.toLowerCase(), entry.count]))).toEqual({
      critical: 0, high: 0, medium: 0, low: 0, info: 0, ...bySeverity,
    });
    expect(Object.fromEntries(metrics.findingsByStatus.filter((entry) => entry.count > 0).map((entry) => [entry.status.toLowerCase(), entry.count]))).toEqual(byStatus);
    expect(Object.fromEntries(metrics.findingsByCategory.map((entry) => [entry.category, entry.count]))).toEqual(byCategory);
    expect(metrics.findingsByCategory.every((entry) => entry.categoryName.length > 0)).toBe(true);
    expect(metrics.trend.map((point) => point.analysisId).sort()).toEqual([...analysisIds].sort());
    expect(metrics.trend.at(-1)).toMatchObject({ analysisId: latest.id, score: latest.score, totalFindings: total });
  });

  it('Tenancy - another org cannot read the analysis, the project, its dashboard or its findings', async () => {
    const [id] = analysisIds;
    const analysis = await graphql(`{ securityAnalysis(id: "${id}") { id } }`, {}, otherOrgKey);
    expect(codes(analysis.body)).toEqual(['NOT_FOUND']);
    const page = await graphql(`{ projectAnalyses(projectId: "${PROJECT}") { totalCount } }`, {}, otherOrgKey);
    expect(errorCodes(page.body)).toEqual(['ANALYSIS.PROJECT_NOT_FOUND']);
    const dashboard = await graphql(`{ dashboardMetrics(projectId: "${PROJECT}") { totalAnalyses } }`, {}, otherOrgKey);
    expect(errorCodes(dashboard.body)).toEqual(['ANALYSIS.PROJECT_NOT_FOUND']);
    const { rows } = await sql.query<{ rule_id: string }>(`SELECT rule_id FROM analysis.findings LIMIT 1`);
    const search = await graphql<{ searchVulnerabilities: Connection<unknown> }>(
      `query ($q: String!) { searchVulnerabilities(query: $q) { edges { node { id } } } }`,
      { q: rows[0]?.rule_id },
      otherOrgKey,
    );
    expect(search.body.errors).toBeUndefined();
    expect(search.body.data?.searchVulnerabilities.edges).toEqual([]);
    const cancel = await graphql<{ cancelAnalysis: { userErrors: UserError[] } }>(
      `mutation { cancelAnalysis(id: "${id}") { analysis { id } userErrors { code } } }`,
      {},
      otherOrgKey,
    );
    expect(cancel.body.data?.cancelAnalysis.userErrors).toEqual([{ code: 'ANALYSIS.NOT_FOUND' }]);
    // The owner still sees it, untouched.
    const own = await graphql<{ securityAnalysis: { status: string } }>(`{ securityAnalysis(id: "${id}") { status } }`);
    expect(own.body.data?.securityAnalysis.status).toBe('COMPLETED');
  });
});
