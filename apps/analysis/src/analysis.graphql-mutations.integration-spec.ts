import { IDENTITY_HEADER, signIdentity } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { identity, INTERNAL_TOKEN, startAnalysisTestService, type AnalysisTestService } from './__fixtures__/analysis-test-kit.js';

const ORG = 'org-mutations';

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

interface Payload {
  analysis: { id: string; status: string; config: { maxDepth: number; timeoutSeconds: number; vulnerabilityTypes: string[]; deepScan: boolean } } | null;
  userErrors: Array<{ field: string | null; message: string; code: string }>;
}

const FIELDS = `analysis { id status config { maxDepth timeoutSeconds vulnerabilityTypes deepScan } } userErrors { field message code }`;

describe('analysis subgraph - mutations', () => {
  let test: AnalysisTestService;

  async function graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    org = ORG,
    scopes?: string[],
  ): Promise<GraphqlResponse<T>> {
    const caller = scopes ? { ...identity(org), scopes } : identity(org);
    const response = await fetch(`${test.service.httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(caller, INTERNAL_TOKEN) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<T>;
  }

  const start = async () => {
    const { data, errors } = await graphql<{ startSecurityAnalysis: Payload }>(
      `mutation ($input: StartSecurityAnalysisInput!) { startSecurityAnalysis(input: $input) { ${FIELDS} } }`,
      { input: { projectId: 'mutations-api', targetUrl: 'https://api.example.com', config: { maxDepth: 4 } } },
    );
    expect(errors).toBeUndefined();
    return data?.startSecurityAnalysis as Payload;
  };
  const update = async (id: string, config: Record<string, unknown>, org = ORG) =>
    (
      await graphql<{ updateAnalysisConfig: Payload }>(
        `mutation ($id: ID!, $config: AnalysisConfigInput!) { updateAnalysisConfig(id: $id, config: $config) { ${FIELDS} } }`,
        { id, config },
        org,
      )
    ).data?.updateAnalysisConfig as Payload;
  const cancel = async (id: string) =>
    (await graphql<{ cancelAnalysis: Payload }>(`mutation ($id: ID!) { cancelAnalysis(id: $id) { ${FIELDS} } }`, { id })).data
      ?.cancelAnalysis as Payload;

  beforeAll(async () => {
    // No worker: started analyses stay PENDING, so their config can still change.
    test = await startAnalysisTestService({ ANALYSIS_WORKER_CONCURRENCY: '0' });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('startSecurityAnalysis answers with the PENDING analysis and its config', async () => {
    const started = await start();
    expect(started.userErrors).toEqual([]);
    expect(started.analysis).toMatchObject({ status: 'PENDING', config: { maxDepth: 4, timeoutSeconds: 300 } });
  });

  it('updateAnalysisConfig changes only the given options of a pending analysis, and keeps them', async () => {
    const { analysis } = await start();
    const updated = await update(analysis!.id, { timeoutSeconds: 60, vulnerabilityTypes: ['API8:2023', 'API8:2023'] });
    expect(updated).toEqual({
      analysis: {
        id: analysis!.id,
        status: 'PENDING',
        config: { maxDepth: 4, timeoutSeconds: 60, vulnerabilityTypes: ['API8:2023'], deepScan: false },
      },
      userErrors: [],
    });
    const read = await graphql<{ securityAnalysis: { config: { timeoutSeconds: number } } }>(
      `{ securityAnalysis(id: "${analysis!.id}") { config { timeoutSeconds } } }`,
    );
    expect(read.data?.securityAnalysis.config.timeoutSeconds).toBe(60);
  });

  it('updateAnalysisConfig lists every invalid option and changes nothing', async () => {
    const { analysis } = await start();
    const refused = await update(analysis!.id, { maxDepth: 0, timeoutSeconds: 4000, vulnerabilityTypes: ['ok', 'not ok!'] });
    expect(refused.analysis).toBeNull();
    expect(refused.userErrors.map((error) => [error.field, error.code]).sort()).toEqual(
      [
        ['config.maxDepth', 'ANALYSIS.INVALID_REQUEST'],
        ['config.timeoutSeconds', 'ANALYSIS.INVALID_REQUEST'],
        ['config.vulnerabilityTypes[1]', 'ANALYSIS.INVALID_REQUEST'],
      ].sort(),
    );
    const read = await graphql<{ securityAnalysis: { config: { maxDepth: number } } }>(
      `{ securityAnalysis(id: "${analysis!.id}") { config { maxDepth } } }`,
    );
    expect(read.data?.securityAnalysis.config.maxDepth).toBe(4);
  });

  it('a cancelled analysis can no longer be reconfigured; cancelling twice is a no-op; another org sees nothing', async () => {
    const { analysis } = await start();
    expect(await cancel(analysis!.id)).toMatchObject({ analysis: { status: 'CANCELLED' }, userErrors: [] });
    expect(await cancel(analysis!.id)).toMatchObject({ analysis: { status: 'CANCELLED' }, userErrors: [] });
    expect((await update(analysis!.id, { maxDepth: 2 })).userErrors).toEqual([
      { field: null, message: expect.stringContaining('cancelled'), code: 'ANALYSIS.NOT_PENDING' },
    ]);
    const pending = await start();
    expect((await update(pending.analysis!.id, { maxDepth: 2 }, 'org-intruder')).userErrors.map((error) => error.code)).toEqual([
      'ANALYSIS.NOT_FOUND',
    ]);
    expect((await update(randomUUID(), { maxDepth: 2 })).userErrors.map((error) => error.code)).toEqual(['ANALYSIS.NOT_FOUND']);
    expect((await update('not-a-uuid', { maxDepth: 2 })).userErrors).toEqual([
      { field: 'analysisId', message: 'must be a UUID', code: 'ANALYSIS.INVALID_ID' },
    ]);
  });

  it('a read-only key cannot start an analysis: FORBIDDEN, nothing recorded', async () => {
    const refused = await graphql<{ startSecurityAnalysis: Payload }>(
      `mutation { startSecurityAnalysis(input: { projectId: "read-only", targetUrl: "https://api.example.com" }) { ${FIELDS} } }`,
      {},
      ORG,
      ['analyses:read'],
    );
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['errorCode']])).toEqual([
      ['FORBIDDEN', 'AUTH.MISSING_SCOPE'],
    ]);
    const page = await graphql<{ projectAnalyses: unknown }>(`{ projectAnalyses(projectId: "read-only") { totalCount } }`);
    expect(page.errors?.[0]?.extensions?.['errorCode']).toBe('ANALYSIS.PROJECT_NOT_FOUND');
  });
});
