import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { analysisInternalProto, orchestratorProto } from '@so/contracts';
import {
  sarifSchemaErrors,
  startFakeChatCompletions,
  startHttpServer,
  type FakeChatCompletionsServer,
  type TestHttpServer,
} from '@so/testing';
import { IDENTITY_HEADER, signIdentity } from '@so/shared';
import type { RequestListener } from 'node:http';
import {
  callMetadata,
  identity,
  INTERNAL_TOKEN,
  expectGrpcError,
  grpcClients,
  startAnalysisTestService,
  unary,
  type AnalysisTestService,
  type GrpcClients,
} from './__fixtures__/analysis-test-kit.js';

type Response = orchestratorProto.SecurityAnalysisResponse;
type Finding = orchestratorProto.SecurityFinding;
const ORG = 'org-findings-lifecycle';
const VERSION_RULE = 'http.disclosure.version-headers';
const HEADERS_RULE = 'http.headers.missing-security-headers';
const CORS_RULE = 'http.cors.origin-reflected-with-credentials';

/** First the API leaks its versions; then it hides them but starts reflecting any origin with credentials. */
function evolvingTarget(state: { phase: 1 | 2 }): RequestListener {
  return (req, res) => {
    if (state.phase === 1) {
      res.setHeader('X-Powered-By', 'Express');
      res.setHeader('Server', 'nginx/1.18.0');
    } else if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  };
}

describe('analysis service - findings across runs', () => {
  let app: AnalysisTestService;
  let clients: GrpcClients;
  let target: TestHttpServer;
  let ai: FakeChatCompletionsServer;
  const state: { phase: 1 | 2 } = { phase: 1 };

  const analyze = (request: Partial<orchestratorProto.SecurityAnalysisRequest>, org = ORG) =>
    unary<Response>(clients.orchestrator, 'analyzeSecurity', { projectId: 'shop', ...request }, callMetadata(org), 30_000);
  const triage = (request: Partial<analysisInternalProto.UpdateFindingStatusRequest>, org = ORG) =>
    unary<Finding>(clients.query, 'updateFindingStatus', request, callMetadata(org));
  const report = (request: Partial<analysisInternalProto.RenderReportRequest>, org = ORG) =>
    unary<analysisInternalProto.RenderedReport>(clients.query, 'renderReport', request, callMetadata(org));
  const byRule = (response: Response, ruleId: string) => response.findings.find((finding) => finding.ruleId === ruleId);

  beforeAll(async () => {
    target = await startHttpServer(evolvingTarget(state));
    ai = await startFakeChatCompletions((call) => {
      const context = JSON.parse(call.body.messages?.[1]?.content ?? '{}') as { rule?: string };
      return { content: JSON.stringify({ explanation: `Why ${context.rule ?? '?'} matters`, priority: 1 }) };
    });
    app = await startAnalysisTestService({
      AI_ANALYSIS_URL: ai.baseUrl,
      AI_ANALYSIS_API_KEY: 'sk-integration',
      AI_ANALYSIS_MODEL: 'fake-gpt',
      AI_ANALYSIS_ALLOWLIST: '127.0.0.1',
    });
    clients = grpcClients(app.service.grpcUrl ?? '');
  }, 60_000);

  afterAll(async () => {
    clients?.close();
    await app?.close();
    await target?.close();
    await ai?.close();
  });

  it('tells the second run what is new, fixed and remaining, and keeps a false positive suppressed', async () => {
    state.phase = 1;
    const first = await analyze({ targetUrl: target.url });
    expect(first.status).toBe(2);
    expect(first.comparison).toMatchObject({ previousAnalysisId: '', fixedCount: 0, remainingCount: 0 });
    expect(first.comparison?.newCount).toBe(first.findings.length);
    expect(first.findings.every((finding) => finding.occurrence === 'new' && finding.status === 'open')).toBe(true);
    const headers = byRule(first, HEADERS_RULE);
    const version = byRule(first, VERSION_RULE);
    expect(headers && version).toBeTruthy();

    const triaged = await triage({
      findingId: headers?.id,
      projectId: 'shop',
      status: 'false_positive',
      reason: 'headers are set by the CDN in front of it',
    });
    expect(triaged).toMatchObject({
      id: headers?.id,
      status: 'false_positive',
      statusReason: 'headers are set by the CDN in front of it',
      statusChangedBy: `key-${ORG}`,
    });

    state.phase = 2;
    const second = await analyze({ targetUrl: target.url });
    const comparison = second.comparison;
    expect(comparison?.previousAnalysisId).toBe(first.analysisId);
    expect(comparison?.fixedFindings.map((finding) => finding.ruleId)).toEqual([VERSION_RULE]);
    expect(comparison?.fixedFindings[0]?.findingId).toBe(version?.id);
    expect(comparison?.newFindings.map((finding) => finding.ruleId)).toContain(CORS_RULE);
    expect(comparison?.remainingFindings.map((finding) => finding.ruleId)).toContain(HEADERS_RULE);
    expect([comparison?.newCount, comparison?.fixedCount, comparison?.remainingCount]).toEqual([
      comparison?.newFindings.length,
      1,
      comparison?.remainingFindings.length,
    ]);
    expect(byRule(second, CORS_RULE)).toMatchObject({ occurrence: 'new', status: 'open' });
    expect(byRule(second, HEADERS_RULE)).toMatchObject({
      occurrence: 'recurring',
      status: 'false_positive',
      statusReason: 'headers are set by the CDN in front of it',
      statusChangedBy: `key-${ORG}`,
      fingerprint: headers?.fingerprint,
    });

    // The subgraph exposes the same on SecurityAnalysis.comparison and the finding fields.
    const graph = await fetch(`${app.service.httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(identity(ORG), INTERNAL_TOKEN) },
      body: JSON.stringify({
        query: `query ($id: ID!) { securityAnalysis(id: $id) {
          comparison { previousAnalysisId newCount fixedCount remainingCount fixed { findingId ruleId severity } }
          findings { ruleId occurrence status statusReason statusChangedBy } } }`,
        variables: { id: second.analysisId },
      }),
    });
    const body = (await graph.json()) as {
      errors?: unknown;
      data?: { securityAnalysis: { comparison: Record<string, unknown>; findings: Array<Record<string, unknown>> } };
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.securityAnalysis.comparison).toEqual({
      previousAnalysisId: first.analysisId,
      newCount: comparison?.newCount,
      fixedCount: 1,
      remainingCount: comparison?.remainingCount,
      fixed: [{ findingId: version?.id, ruleId: VERSION_RULE, severity: version?.severity.toUpperCase() }],
    });
    expect(body.data?.securityAnalysis.findings.find((finding) => finding.ruleId === HEADERS_RULE)).toEqual({
      ruleId: HEADERS_RULE,
      occurrence: 'RECURRING',
      status: 'FALSE_POSITIVE',
      statusReason: 'headers are set by the CDN in front of it',
      statusChangedBy: `key-${ORG}`,
    });

    // A flaw reported fixed that shows up again is open again.
    await triage({ findingId: byRule(second, HEADERS_RULE)?.id, status: 'fixed', reason: 'added the headers' });
    const third = await analyze({ targetUrl: target.url });
    expect(byRule(third, HEADERS_RULE)).toMatchObject({
      status: 'open',
      statusReason: 'reported fixed earlier, found again',
    });
    expect(third.comparison).toMatchObject({ previousAnalysisId: second.analysisId, newCount: 0, fixedCount: 0 });
  }, 90_000);

  it('compares a spec audit only with earlier spec audits of the project, not with live probes', async () => {
    const spec = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Shop', version: '1' },
      servers: [{ url: 'http://shop.example' }],
      paths: { '/users/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } } } },
    });
    const audit = await analyze({ openapiSpec: spec });
    expect(audit.status).toBe(2);
    expect(audit.comparison?.previousAnalysisId).toBe('');
    expect(audit.comparison?.fixedCount).toBe(0);
    const again = await analyze({ openapiSpec: spec });
    expect(again.comparison).toMatchObject({ previousAnalysisId: audit.analysisId, newCount: 0, fixedCount: 0 });
    expect(again.comparison?.remainingCount).toBe(audit.findings.length);
  }, 60_000);

  it('refuses a bad triage with INVALID_ARGUMENT and unknown or foreign findings with NOT_FOUND', async () => {
    state.phase = 1;
    const run = await analyze({ targetUrl: target.url, projectId: 'triage-errors' });
    const finding = run.findings[0];
    const bad = await expectGrpcError(triage({ findingId: finding?.id, status: 'wontfix' }), status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/status/);
    await expectGrpcError(triage({ findingId: 'not-a-uuid', status: 'open' }), status.INVALID_ARGUMENT);
    await expectGrpcError(
      triage({ findingId: '6f1c1f1e-0000-4000-8000-000000000000', status: 'open' }),
      status.NOT_FOUND,
    );
    await expectGrpcError(triage({ findingId: finding?.id, status: 'open' }, 'org-other'), status.NOT_FOUND);
    await expectGrpcError(triage({ findingId: finding?.id, projectId: 'shop', status: 'open' }), status.NOT_FOUND);
    expect((await triage({ findingId: finding?.id, status: 'accepted_risk' })).status).toBe('accepted_risk');
  }, 60_000);

  it('renders reports of a completed analysis, leaving triaged-away findings out unless asked', async () => {
    state.phase = 2;
    const run = await analyze({ targetUrl: target.url, projectId: 'reports' });
    const cors = byRule(run, CORS_RULE);
    const sarif = await report({ analysisId: run.analysisId, projectId: 'reports', format: 'sarif' });
    expect(sarif).toMatchObject({ mediaType: 'application/sarif+json', fileName: `analysis-${run.analysisId}.sarif` });
    const log = JSON.parse(sarif.body) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results).toHaveLength(run.findings.length);

    await triage({ findingId: cors?.id, status: 'accepted_risk', reason: 'internal tool' });
    const json = JSON.parse((await report({ analysisId: run.analysisId, format: 'json' })).body) as {
      findings: Array<{ ruleId: string }>;
    };
    expect(json.findings.map((finding) => finding.ruleId)).not.toContain(CORS_RULE);
    expect(json.findings).toHaveLength(run.findings.length - 1);
    const all = JSON.parse(
      (await report({ analysisId: run.analysisId, format: 'json', includeSuppressed: true })).body,
    ) as { findings: unknown[] };
    expect(all.findings).toHaveLength(run.findings.length);

    const junit = await report({ analysisId: run.analysisId, format: 'junit' });
    expect(junit.mediaType).toBe('application/xml');
    expect(junit.body).toMatch(/^<\?xml/);
    await expectGrpcError(report({ analysisId: run.analysisId, format: 'pdf' }), status.INVALID_ARGUMENT);
    await expectGrpcError(report({ analysisId: run.analysisId, format: 'json' }, 'org-other'), status.NOT_FOUND);
    const pending = await analyze({ targetUrl: target.url, projectId: 'reports', waitForResult: false });
    const notReady = await report({ analysisId: pending.analysisId, format: 'json' }).then(
      () => undefined,
      (error: grpc.ServiceError) => error,
    );
    // Either still running (FAILED_PRECONDITION) or, on a fast machine, already complete.
    if (notReady) expect(notReady.code).toBe(status.FAILED_PRECONDITION);
  }, 60_000);

  it('explains and ranks high findings through the AI endpoint only when the analysis asks for it', async () => {
    state.phase = 2;
    const callsBefore = ai.calls.length;
    const plain = await analyze({ targetUrl: target.url, projectId: 'ai' });
    expect(ai.calls.length).toBe(callsBefore);
    expect(plain.findings.every((finding) => !finding.aiAssessment)).toBe(true);

    const config = { deepScan: false, maxDepth: 0, vulnerabilityTypes: [], enableAiAnalysis: true, timeoutSeconds: 60 };
    const assessed = await analyze({ targetUrl: target.url, projectId: 'ai', config });
    expect(assessed.status).toBe(2);
    const cors = byRule(assessed, CORS_RULE);
    expect(cors?.aiAssessment).toMatchObject({ explanation: `Why ${CORS_RULE} matters`, priority: 1, model: 'fake-gpt' });
    const low = assessed.findings.filter((finding) => finding.severity !== 'high' && finding.severity !== 'critical');
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((finding) => !finding.aiAssessment)).toBe(true);
    const sent = ai.calls.slice(callsBefore);
    expect(sent.length).toBe(assessed.findings.length - low.length);
    expect(sent.every((call) => call.authorization === 'Bearer sk-integration')).toBe(true);
  }, 60_000);

  it('completes with a warning when the AI endpoint is down', async () => {
    await ai.close();
    state.phase = 2;
    const config = { deepScan: false, maxDepth: 0, vulnerabilityTypes: [], enableAiAnalysis: true, timeoutSeconds: 60 };
    const run = await analyze({ targetUrl: target.url, projectId: 'ai-down', config });
    expect(run.status).toBe(2);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(run.findings.every((finding) => !finding.aiAssessment)).toBe(true);
    const view = await unary<Response>(clients.query, 'getAnalysis', { analysisId: run.analysisId }, callMetadata(ORG));
    expect(view.status).toBe(2);
    // The warnings reach the analysis metrics (GraphQL exposes them); the gRPC response has no warnings field.
    const json = JSON.parse((await report({ analysisId: run.analysisId, format: 'json' })).body) as { warnings: string[] };
    expect(json.warnings.join('\n')).toMatch(/AI analysis: \d+ of \d+ findings could not be assessed/);
  }, 60_000);
});
