import { IDENTITY_HEADER, signIdentity } from '@so/shared';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { identity, INTERNAL_TOKEN, startAnalysisTestService, type AnalysisTestService } from './__fixtures__/analysis-test-kit.js';

const ORG = 'org-batching';
const PROJECT_KEY = 'batch-api';
const ANALYSES = 50;
const FINDINGS_PER_ANALYSIS = 3;
const CONFIG = { deepScan: false, maxDepth: 3, vulnerabilityTypes: [], enableAiAnalysis: false, timeoutSeconds: 300 };

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * Counts the SQL statements this process sends to Postgres. The service runs in this process, so
 * every query of its TypeORM pool goes through pg's Client#query. The outbox relay polls on a timer
 * whatever happens; its statements are not the request's and are left out, and so is transaction
 * control (the relay's BEGIN/COMMIT; the GraphQL reads open no transaction).
 */
class SqlCounter {
  statements: string[] = [];
  private readonly original = pg.Client.prototype.query;

  install(): void {
    const statements = this.statements;
    const original = this.original;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      if (!/outbox_events/.test(text) && !/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i.test(text)) statements.push(text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  }

  uninstall(): void {
    pg.Client.prototype.query = this.original;
  }

  async during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    this.statements.length = 0;
    const result = await work();
    return { result, statements: [...this.statements] };
  }
}

/** Seeds one project with 50 completed analyses of 3 findings each, straight into the service's tables. */
async function seed(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const projectId = randomUUID();
    await client.query(`INSERT INTO analysis.projects (id, org_id, key, name) VALUES ($1, $2, $3, $3)`, [projectId, ORG, PROJECT_KEY]);
    const analysisIds = Array.from({ length: ANALYSES }, () => randomUUID());
    await client.query(
      `INSERT INTO analysis.analyses (id, org_id, project_id, status, target_url, config, correlation_id, progress_percent, completed_at, created_at)
       SELECT id, $2, $3, 'COMPLETED', 'https://api.example.com', $4::jsonb, 'seed', 100, now(), now() - (n || ' seconds')::interval
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [analysisIds, ORG, projectId, JSON.stringify(CONFIG)],
    );
    await client.query(
      `INSERT INTO analysis.findings (id, org_id, analysis_id, rule_id, title, category, cwe_id, severity, description, recommendation, location, fingerprint)
       SELECT gen_random_uuid(), $2, a.id, 'http.cors', 'Permissive CORS ' || f, 'API8:2023', 'CWE-942', 'high',
              'Any origin may read responses', 'Allow listed origins only', '{}'::jsonb, 'fp-' || f
         FROM unnest($1::uuid[]) AS a(id), generate_series(1, $3::int) AS f`,
      [analysisIds, ORG, FINDINGS_PER_ANALYSIS],
    );
    return analysisIds;
  } finally {
    await client.end();
  }
}

describe('analysis subgraph - DataLoader batching', () => {
  let test: AnalysisTestService;
  let analysisIds: string[];
  const counter = new SqlCounter();

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
    const response = await fetch(`${test.service.httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(identity(ORG), INTERNAL_TOKEN) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<T>;
  }

  beforeAll(async () => {
    // No worker: only the GraphQL request under test talks to Postgres (besides the outbox poll).
    test = await startAnalysisTestService({ ANALYSIS_WORKER_CONCURRENCY: '0' });
    analysisIds = await seed(test.database.url);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await test?.close();
  });

  it('a page of 50 analyses with their findings and project runs a bounded number of SQL statements', async () => {
    const { result, statements } = await counter.during(() =>
      graphql<{ projectAnalyses: { totalCount: number; edges: Array<{ node: { id: string; project: { key: string }; findings: Array<{ id: string }> } }> } }>(
        `{ projectAnalyses(projectId: "${PROJECT_KEY}", first: ${ANALYSES}) {
            totalCount edges { node { id project { id key } findings { id title severity } } } } }`,
      ),
    );
    expect(result.errors).toBeUndefined();
    const edges = result.data?.projectAnalyses.edges ?? [];
    expect(result.data?.projectAnalyses.totalCount).toBe(ANALYSES);
    expect(edges.map((edge) => edge.node.id).sort()).toEqual([...analysisIds].sort());
    expect(edges.every((edge) => edge.node.project.key === PROJECT_KEY && edge.node.findings.length === FINDINGS_PER_ANALYSIS)).toBe(true);
    // project by key, page, count, findings of all 50 (one batch), projects of all 50 (one batch).
    // Without batching this is 3 + 2 x 50.
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('their comparisons with the previous run add one statement for the whole page', async () => {
    const { result, statements } = await counter.during(() =>
      graphql<{ projectAnalyses: { edges: Array<{ node: { id: string; comparison: { newCount: number } | null } }> } }>(
        `{ projectAnalyses(projectId: "${PROJECT_KEY}", first: ${ANALYSES}) {
            edges { node { id comparison { previousAnalysisId newCount fixedCount remainingCount } } } } }`,
      ),
    );
    expect(result.errors).toBeUndefined();
    const edges = result.data?.projectAnalyses.edges ?? [];
    expect(edges).toHaveLength(ANALYSES);
    // project by key, page, count, comparisons of all 50 (one batch). Without batching: 3 + 50.
    expect(statements.length).toBeLessThanOrEqual(4);
    expect(statements.filter((text) => /analysis_comparisons/.test(text))).toHaveLength(1);
  });

  it('50 entity references from the gateway, with their findings, resolve in two statements', async () => {
    const { result, statements } = await counter.during(() =>
      graphql<{ _entities: Array<{ id: string; findings: unknown[] }> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on SecurityAnalysis { id findings { id } } } }`,
        { reps: analysisIds.map((id) => ({ __typename: 'SecurityAnalysis', id })) },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((entity) => entity.id)).toEqual(analysisIds);
    expect(result.data?._entities.every((entity) => entity.findings.length === FINDINGS_PER_ANALYSIS)).toBe(true);
    expect(statements.length).toBe(2);
  });
});
