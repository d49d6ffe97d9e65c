import {
  createTestDatabase,
  leaseTestRedis,
  sarifSchemaErrors,
  startFakeChatCompletions,
  startHttpServer,
  waitFor,
  type FakeChatCompletionsServer,
  type TestDatabase,
  type TestHttpServer,
  type TestRedisLease,
} from '@so/testing';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

interface Finding {
  id: string;
  ruleId: string;
  severity: string;
  fingerprint: string;
  status: string | null;
  statusReason: string | null;
  statusChangedBy: string | null;
  occurrence: string | null;
  aiAssessment: { explanation: string; priority: number; model: string } | null;
}

interface Analysis {
  analysisId: string;
  status: string;
  findings: Finding[];
  comparison: {
    previousAnalysisId: string | null;
    newCount: number;
    fixedCount: number;
    remainingCount: number;
    new: Array<{ ruleId: string }>;
    fixed: Array<{ ruleId: string; findingId: string }>;
    remaining: Array<{ ruleId: string; findingId: string }>;
  } | null;
}

const PROJECT = 'triage-e2e';
const HEADERS_RULE = 'http.headers.missing-security-headers';
const VERSION_RULE = 'http.disclosure.version-headers';
const CORS_RULE = 'http.cors.origin-reflected-with-credentials';

describe('Findings - triage, run-to-run comparison and report downloads through the gateway', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  let target: TestHttpServer;
  let ai: FakeChatCompletionsServer;
  /** Phase 1 leaks versions; phase 2 hides them and reflects any origin with credentials. */
  let phase: 1 | 2 = 1;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${platform.gatewayUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${platform.apiKey}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string>),
      },
    });

  const expectProblem = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as { status: number; code: string; errors?: Array<{ field: string }> };
  };

  async function runAnalysis(config?: Record<string, unknown>): Promise<Analysis> {
    const started = await api('/api/v1/analyze/security', {
      method: 'POST',
      body: JSON.stringify({ projectId: PROJECT, targetUrl: target.url, ...(config ? { config } : {}) }),
    });
    expect(started.status).toBe(202);
    const { analysisId } = (await started.json()) as { analysisId: string };
    return waitFor(async () => {
      const view = (await (await api(`/api/v1/projects/${PROJECT}/analysis/${analysisId}`)).json()) as Analysis;
      return view.status === 'COMPLETED' || view.status === 'FAILED' ? view : undefined;
    }, 30_000);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    target = await startHttpServer((req, res) => {
      if (phase === 1) res.setHeader('x-powered-by', 'Express 4.17.1');
      else if (req.headers.origin) {
        res.setHeader('access-control-allow-origin', req.headers.origin);
        res.setHeader('access-control-allow-credentials', 'true');
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    ai = await startFakeChatCompletions(() => ({ content: '{"explanation":"Credentialed CORS lets any site read user data.","priority":1}' }));
    platform = await bootPlatform({
      databaseUrl: database.url,
      redisUrl: redis.url,
      env: { AI_ANALYSIS_URL: ai.baseUrl, AI_ANALYSIS_API_KEY: 'sk-e2e', AI_ANALYSIS_MODEL: 'fake-gpt', AI_ANALYSIS_ALLOWLIST: '127.0.0.1' },
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await target?.close();
    await ai?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  let first: Analysis;
  let second: Analysis;

  it('Findings - the first analysis reports everything as new', async () => {
    phase = 1;
    first = await runAnalysis();
    expect(first.status).toBe('COMPLETED');
    expect(first.comparison).toMatchObject({ previousAnalysisId: null, fixedCount: 0, remainingCount: 0 });
    expect(first.comparison?.newCount).toBe(first.findings.length);
    expect(first.findings.every((finding) => finding.occurrence === 'new' && finding.status === 'open')).toBe(true);
  }, 60_000);

  it('Findings - triage through PATCH, with 400 for a bad status and 404 for unknown ids', async () => {
    const headers = first.findings.find((finding) => finding.ruleId === HEADERS_RULE);
    expect(headers).toBeDefined();
    const path = `/api/v1/projects/${PROJECT}/findings/${headers?.id}`;

    const bad = await expectProblem(await api(path, { method: 'PATCH', body: JSON.stringify({ status: 'wontfix' }) }), 400);
    expect(bad.errors?.map((error) => error.field)).toContain('status');
    await expectProblem(await api(path, { method: 'PATCH', body: JSON.stringify({ status: 'open', extra: 1 }) }), 400);
    await expectProblem(await api(`/api/v1/projects/${PROJECT}/findings/not-a-uuid`, { method: 'PATCH', body: JSON.stringify({ status: 'open' }) }), 400);
    const unknown = await api(`/api/v1/projects/${PROJECT}/findings/6f1c1f1e-0000-4000-8000-000000000000`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'open' }),
    });
    expect((await expectProblem(unknown, 404)).code).toBe('ANALYSIS.FINDING_NOT_FOUND');
    await expectProblem(await api(`/api/v1/projects/other-project/findings/${headers?.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'open' }) }), 404);

    const changed = await api(path, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'false_positive', reason: 'set by the CDN' }),
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id: headers?.id,
      status: 'false_positive',
      statusReason: 'set by the CDN',
      statusChangedBy: expect.any(String),
    });
  }, 30_000);

  it('Findings - the second analysis says what is new, fixed and remaining, and keeps the false positive', async () => {
    phase = 2;
    second = await runAnalysis({ enableAiAnalysis: true });
    expect(second.status).toBe('COMPLETED');
    const comparison = second.comparison;
    expect(comparison?.previousAnalysisId).toBe(first.analysisId);
    expect(comparison?.fixed.map((finding) => finding.ruleId)).toEqual([VERSION_RULE]);
    expect(comparison?.new.map((finding) => finding.ruleId)).toContain(CORS_RULE);
    expect(comparison?.remaining.map((finding) => finding.ruleId)).toContain(HEADERS_RULE);
    expect(second.findings.find((finding) => finding.ruleId === HEADERS_RULE)).toMatchObject({
      occurrence: 'recurring',
      status: 'false_positive',
      statusReason: 'set by the CDN',
    });
    // enableAiAnalysis: the high CORS finding was explained and ranked by the (fake) AI endpoint.
    expect(second.findings.find((finding) => finding.ruleId === CORS_RULE)?.aiAssessment).toMatchObject({
      priority: 1,
      model: 'fake-gpt',
    });
    expect(ai.calls.every((call) => call.authorization === 'Bearer sk-e2e')).toBe(true);
  }, 60_000);

  it('Reports - SARIF, JSON, JUnit and HTML downloads with their content types', async () => {
    const base = `/api/v1/projects/${PROJECT}/analysis/${second.analysisId}/report`;

    const sarif = await api(`${base}?format=sarif&specPath=api/openapi.yaml`);
    expect(sarif.status).toBe(200);
    expect(sarif.headers.get('content-type')).toMatch(/^application\/sarif\+json/);
    expect(sarif.headers.get('content-disposition')).toBe(`attachment; filename="analysis-${second.analysisId}.sarif"`);
    const log = (await sarif.json()) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    // The false positive is left out of the report CI consumes.
    expect(results.map((result) => result.ruleId)).not.toContain(HEADERS_RULE);
    expect(results.map((result) => result.ruleId)).toContain(CORS_RULE);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('api/openapi.yaml');

    const json = await api(`${base}?format=json&includeSuppressed=true`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await json.json()) as { schemaVersion: number; findings: Array<{ ruleId: string }> };
    expect(body.schemaVersion).toBe(1);
    expect(body.findings).toHaveLength(second.findings.length);

    const junit = await api(`${base}?format=junit`);
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await junit.text()).toMatch(/<testsuites[\s>]/);

    const html = await api(`${base}?format=html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toMatch(/^<!DOCTYPE html>/i);
  }, 30_000);

  it('Reports - by analysis id and file extension (report.sarif, report.xml, ...), unknown extension 400', async () => {
    const sarif = await api(`/api/v1/analyses/${second.analysisId}/report.sarif?specPath=api/openapi.yaml`);
    expect(sarif.status).toBe(200);
    expect(sarif.headers.get('content-type')).toMatch(/^application\/sarif\+json/);
    expect(sarifSchemaErrors(await sarif.json())).toEqual([]);
    const junit = await api(`/api/v1/analyses/${second.analysisId}/report.xml`);
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await junit.text()).toMatch(/<testsuites[\s>]/);
    const bad = await expectProblem(await api(`/api/v1/analyses/${second.analysisId}/report.pdf`), 400);
    expect(bad.errors?.map((error) => error.field)).toContain('extension');
    await expectProblem(await api(`/api/v1/analyses/6f1c1f1e-0000-4000-8000-000000000000/report.json`), 404);
  }, 30_000);

  it('Reports - unknown format 400, unknown analysis 404', async () => {
    const base = `/api/v1/projects/${PROJECT}/analysis/${second.analysisId}/report`;
    const bad = await expectProblem(await api(`${base}?format=pdf`), 400);
    expect(bad.errors?.map((error) => error.field)).toContain('format');
    await expectProblem(await api(`/api/v1/projects/${PROJECT}/analysis/6f1c1f1e-0000-4000-8000-000000000000/report?format=json`), 404);
    await expectProblem(await api(`/api/v1/projects/other-project/analysis/${second.analysisId}/report?format=json`), 404);
  }, 30_000);
});
