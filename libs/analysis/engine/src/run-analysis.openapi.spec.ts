import type { EngineOptions, ProgressUpdate } from './engine.types.js';
import { InvalidSpecError } from './errors/engine.errors.js';
import { runAnalysis } from './run-analysis.js';
import { hardenedApi } from './testing/fixture-servers.js';
import { type LocalServer, startLocalServer } from './testing/local-server.js';
import { VULNERABLE_SPEC_YAML } from './testing/spec-fixtures.js';

const SPEC = `openapi: 3.0.3
info: {title: Orders, version: '1'}
servers: [{url: /v1}]
security: [{bearer: []}]
paths:
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
      responses: {'200': {description: ok}, '401': {description: no}, '429': {description: slow}}
  /orders:
    get:
      responses: {'200': {description: ok}, '401': {description: no}, '429': {description: slow}}
    post:
      responses: {'201': {description: ok}, '401': {description: no}, '429': {description: slow}}
  /public:
    get:
      security: []
      responses: {'200': {description: ok}, '429': {description: slow}}
  /a/b/c/d:
    get:
      responses: {'200': {description: ok}, '401': {description: no}, '429': {description: slow}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`;

/** Forgets to check credentials on GET /v1/users/{id}; everything else behaves. */
const leakyApi: Parameters<typeof startLocalServer>[0] = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const authorized = req.headers.authorization !== undefined;
  if (path.startsWith('/v1/users/'))
    return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"u1","email":"a@b.c"}');
  if (path === '/v1/public') return void res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  if (path === '/v1/orders' || path === '/v1/a/b/c/d') return void res.writeHead(authorized ? 200 : 401).end();
  hardenedApi(req, res);
};

function options(overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    deepScan: false,
    maxDepth: 3,
    vulnerabilityTypes: [],
    timeoutSeconds: 30,
    targetAllowList: ['127.0.0.0/8'],
    ...overrides,
  };
}

describe('runAnalysis (spec-driven probe)', () => {
  let leaky: LocalServer;
  let catchAll: LocalServer;

  beforeAll(async () => {
    leaky = await startLocalServer(leakyApi);
    catchAll = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
  });
  afterAll(async () => {
    await leaky.close();
    await catchAll.close();
  });

  it('reports a secured operation that answers without credentials, with coverage and progress', async () => {
    const updates: ProgressUpdate[] = [];
    const result = await runAnalysis(
      { targetUrl: leaky.url, specText: SPEC },
      options({ onProgress: (u) => updates.push(u) }),
    );
    const unauth = result.findings.filter((f) => f.ruleId === 'http.auth.unauthenticated-access');
    expect(unauth).toHaveLength(1);
    expect(unauth[0]).toMatchObject({
      category: 'API2:2023',
      severity: 'high',
      location: {
        url: `${leaky.url}/v1/users/00000000-0000-4000-8000-000000000001`,
        method: 'GET',
        pointer: '/paths/~1users~1{id}/get',
        line: 7,
      },
    });
    expect(unauth[0]?.evidence?.response).toContain('HTTP/1.1 200 OK');
    expect(result.metrics).toMatchObject({ operationsDeclared: 5, operationsCovered: 3 });
    expect(result.warnings?.join('\n')).toMatch(/2 operation\(s\) not probed/);
    expect(new Set(updates.map((u) => u.stage))).toEqual(
      new Set(['loading spec', 'static audit', 'probing', 'scoring']),
    );
    expect(updates.map((u) => u.message)).toContain('probing 3/3 operations');
    // Only GETs were sent without deepScan: a scan must not write by default.
    expect(leaky.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('calls write operations too when deepScan is on', async () => {
    const result = await runAnalysis(
      { targetUrl: leaky.url, specText: SPEC },
      options({ deepScan: true, maxDepth: 0 }),
    );
    expect(result.metrics.operationsCovered).toBe(5);
    expect(leaky.requests.some((r) => r.method === 'POST' && r.url === '/v1/orders')).toBe(true);
  });

  it('stops at the request budget and says so', async () => {
    const result = await runAnalysis({ targetUrl: leaky.url, specText: SPEC }, options({ requestBudget: 6 }));
    expect(result.metrics.operationsCovered).toBeLessThan(3);
    expect(result.warnings?.join('\n')).toMatch(/request budget of 6/);
  });

  it('does not blame authentication on a server that answers 2xx to every path', async () => {
    const result = await runAnalysis({ targetUrl: catchAll.url, specText: SPEC }, options());
    expect(result.findings.filter((f) => f.ruleId === 'http.auth.unauthenticated-access')).toEqual([]);
    expect(result.warnings?.join('\n')).toMatch(/answers 2xx for paths that do not exist/);
  });

  it('audits a spec alone, without sending any request', async () => {
    const result = await runAnalysis({ specText: VULNERABLE_SPEC_YAML }, options({ vulnerabilityTypes: ['API3'] }));
    expect(new Set(result.findings.map((f) => f.category))).toEqual(new Set(['API3:2023']));
    expect(result.metrics).toMatchObject({ operationsDeclared: 4, operationsCovered: 0 });
  });

  it('rejects a bad spec with InvalidSpecError', async () => {
    await expect(runAnalysis({ specText: 'openapi: 3.0.3\npaths: {' }, options())).rejects.toBeInstanceOf(
      InvalidSpecError,
    );
  });
});
