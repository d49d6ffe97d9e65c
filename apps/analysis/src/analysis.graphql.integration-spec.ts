import { orchestratorProto } from '@so/contracts';
import { IDENTITY_HEADER, signIdentity } from '@so/shared';
import { startHttpServer, type TestHttpServer } from '@so/testing';
import { randomUUID } from 'node:crypto';
import {
  callMetadata,
  grpcClients,
  identity,
  INTERNAL_TOKEN,
  startAnalysisTestService,
  unary,
  vulnerableTarget,
  type AnalysisTestService,
  type GrpcClients,
} from './__fixtures__/analysis-test-kit.js';

const ORG = 'org-graphql';

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

const ANALYSIS_QUERY = `query ($id: ID!) {
  securityAnalysis(id: $id) {
    id projectId status targetUrl progressPercent stage createdAt completedAt
    project { id key }
    findings { id ruleId title category categoryName cweId severity fingerprint status location { summary url method } }
    metrics { totalFindings critical high medium low info score durationMs }
  }
}`;

describe('analysis service GraphQL subgraph and health', () => {
  let test: AnalysisTestService;
  let clients: GrpcClients;
  let target: TestHttpServer;
  let completedId: string;

  async function graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    org: string | null = ORG,
  ): Promise<{ status: number; body: GraphqlResponse<T> }> {
    const response = await fetch(`${test.service.httpUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(org ? { [IDENTITY_HEADER]: signIdentity(identity(org), INTERNAL_TOKEN) } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphqlResponse<T> };
  }

  beforeAll(async () => {
    target = await startHttpServer(vulnerableTarget);
    test = await startAnalysisTestService();
    clients = grpcClients(test.service.grpcUrl ?? '');
    const done = await unary<orchestratorProto.SecurityAnalysisResponse>(
      clients.orchestrator,
      'analyzeSecurity',
      { projectId: 'graph-api', targetUrl: target.url },
      callMetadata(ORG),
    );
    expect(done.status).toBe(orchestratorProto.AnalysisStatus.COMPLETED);
    completedId = done.analysisId;
  });

  afterAll(async () => {
    clients?.close();
    await test?.close();
    await target?.close();
  });

  it('serves the federation SDL without identity', async () => {
    const { status, body } = await graphql<{ _service: { sdl: string } }>('{ _service { sdl } }', {}, null);
    expect(status).toBe(200);
    const sdl = body.data?._service.sdl ?? '';
    expect(sdl).toMatch(/type SecurityAnalysis\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Project\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('securityAnalysis(id: ID!): SecurityAnalysis!');
  });

  it('refuses queries without identity with extensions.code UNAUTHENTICATED', async () => {
    const { body } = await graphql(ANALYSIS_QUERY, { id: completedId }, null);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const entities = await graphql(
      `{ _entities(representations: [{ __typename: "SecurityAnalysis", id: "${completedId}" }]) { ... on SecurityAnalysis { id } } }`,
      {},
      null,
    );
    expect(entities.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('returns an analysis of the caller’s org with findings, metrics and project', async () => {
    const { body } = await graphql<{
      securityAnalysis: Record<string, unknown> & {
        findings: Array<Record<string, unknown>>;
        metrics: Record<string, number>;
        project: { key: string };
      };
    }>(ANALYSIS_QUERY, { id: completedId });
    expect(body.errors).toBeUndefined();
    const analysis = body.data?.securityAnalysis;
    expect(analysis).toMatchObject({
      id: completedId,
      projectId: 'graph-api',
      status: 'COMPLETED',
      targetUrl: target.url,
      progressPercent: 100,
      project: { key: 'graph-api' },
    });
    expect(analysis?.findings.length).toBeGreaterThan(0);
    expect(analysis?.findings[0]).toMatchObject({
      status: 'OPEN',
      severity: expect.stringMatching(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO)$/),
      category: expect.stringMatching(/^API\d+:2023$/),
    });
    expect(analysis?.metrics.totalFindings).toBe(analysis?.findings.length);
  });

  it('maps domain errors to extension codes without internals', async () => {
    const unknown = await graphql(ANALYSIS_QUERY, { id: randomUUID() });
    expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', errorCode: 'ANALYSIS.NOT_FOUND' });
    const otherOrg = await graphql(ANALYSIS_QUERY, { id: completedId }, 'someone-else');
    expect(otherOrg.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const malformed = await graphql(ANALYSIS_QUERY, { id: "1' OR '1'='1" });
    expect(malformed.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(malformed.body)).not.toMatch(/stack|QueryFailedError|at .*\.ts/);
  });

  it('resolves SecurityAnalysis and Project references for the gateway, scoped by org', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on SecurityAnalysis { id status } ... on Project { key } } }`;
    const analysis = await graphql<{ _entities: Array<{ id: string; status: string }> }>(query, {
      reps: [{ __typename: 'SecurityAnalysis', id: completedId }],
    });
    expect(analysis.body.data?._entities).toEqual([{ id: completedId, status: 'COMPLETED' }]);
    const projectId = (
      await graphql<{ securityAnalysis: { project: { id: string } } }>(ANALYSIS_QUERY, { id: completedId })
    ).body.data?.securityAnalysis.project.id;
    const project = await graphql<{ _entities: Array<{ key: string }> }>(query, {
      reps: [{ __typename: 'Project', id: projectId }],
    });
    expect(project.body.data?._entities).toEqual([{ key: 'graph-api' }]);
    const foreign = await graphql(
      query,
      { reps: [{ __typename: 'SecurityAnalysis', id: completedId }] },
      'someone-else',
    );
    expect(foreign.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('reports liveness and readiness (Postgres, Redis) on /health', async () => {
    const live = await fetch(`${test.service.httpUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${test.service.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
    const missing = await fetch(`${test.service.httpUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
