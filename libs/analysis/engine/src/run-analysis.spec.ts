import type { EngineFinding, EngineOptions, ProgressUpdate } from './engine.types.js';
import {
  AnalysisAbortedError,
  AnalysisTimeoutError,
  InvalidTargetError,
  TargetNotAllowedError,
  TargetUnreachableError,
} from './errors/engine.errors.js';
import { runAnalysis, runNoopAnalysis } from './run-analysis.js';
import { hardenedApi, vulnerableApi } from './testing/fixture-servers.js';
import { type LocalServer, startLocalServer } from './testing/local-server.js';

function options(overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    deepScan: false,
    maxDepth: 3,
    vulnerabilityTypes: [],
    timeoutSeconds: 30,
    targetAllowList: ['127.0.0.1'],
    ...overrides,
  };
}

function byRule(findings: EngineFinding[], ruleId: string): EngineFinding {
  const finding = findings.find((f) => f.ruleId === ruleId);
  if (!finding) throw new Error(`expected a ${ruleId} finding, got ${findings.map((f) => f.ruleId).join(', ')}`);
  return finding;
}

describe('runAnalysis (live checks)', () => {
  let vulnerable: LocalServer;
  let hardened: LocalServer;

  beforeAll(async () => {
    vulnerable = await startLocalServer(vulnerableApi);
    hardened = await startLocalServer(hardenedApi);
  });
  afterAll(async () => {
    await vulnerable.close();
    await hardened.close();
  });

  it('reports each flaw of a vulnerable API with its OWASP category, CWE and evidence', async () => {
    const streamed: EngineFinding[] = [];
    const { findings, metrics } = await runAnalysis(
      { targetUrl: vulnerable.url },
      options({ onFinding: (f) => streamed.push(f) }),
    );

    const cors = byRule(findings, 'http.cors.origin-reflected-with-credentials');
    expect(cors).toMatchObject({ category: 'API8:2023', cweId: 'CWE-942', severity: 'high' });
    expect(cors.evidence?.request).toContain('GET / HTTP/1.1');
    expect(cors.evidence?.request).toContain('origin: https://evil.example');
    expect(cors.evidence?.response).toContain('access-control-allow-origin: https://evil.example');

    const headers = byRule(findings, 'http.headers.missing-security-headers');
    expect(headers).toMatchObject({ category: 'API8:2023', cweId: 'CWE-693' });
    expect(headers.title).toContain('X-Content-Type-Options');
    expect(headers.title).toContain('Cache-Control');
    expect(findings.filter((f) => f.ruleId === headers.ruleId)).toHaveLength(1);

    const disclosure = byRule(findings, 'http.disclosure.version-headers');
    expect(disclosure).toMatchObject({ category: 'API8:2023', cweId: 'CWE-200', severity: 'low' });
    expect(disclosure.description).toContain('x-powered-by: Express');
    expect(disclosure.description).toContain('server: nginx/1.18.0');

    const verbose = byRule(findings, 'http.errors.verbose-error');
    expect(verbose).toMatchObject({ category: 'API8:2023', cweId: 'CWE-209', severity: 'medium' });
    expect(verbose.evidence?.response).toContain('HTTP/1.1 404 Not Found');
    expect(verbose.evidence?.response).toContain('layer.js:95:5');
    expect(verbose.location.others).toHaveLength(1);

    const plain = byRule(findings, 'http.transport.plain-http');
    expect(plain).toMatchObject({ cweId: 'CWE-319', severity: 'info' });

    expect(streamed.map((f) => f.fingerprint).sort()).toEqual(findings.map((f) => f.fingerprint).sort());
    expect(metrics.bySeverity.high).toBe(1);
    expect(metrics.score).toBeLessThan(80);
  });

  it('finds nothing medium or worse on a hardened API', async () => {
    const { findings, metrics } = await runAnalysis({ targetUrl: hardened.url }, options({ deepScan: true }));
    const serious = findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity));
    expect(serious).toEqual([]);
    expect(metrics.score).toBe(100);
  });

  it('gives the same fingerprints on a second run', async () => {
    const first = await runAnalysis({ targetUrl: vulnerable.url }, options());
    const second = await runAnalysis({ targetUrl: `${vulnerable.url}/` }, options());
    expect(second.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));
  });

  it('runs only the rules selected by id prefix or OWASP category', async () => {
    const cors = await runAnalysis({ targetUrl: vulnerable.url }, options({ vulnerabilityTypes: ['http.cors'] }));
    expect(cors.findings.map((f) => f.ruleId)).toEqual(['http.cors.origin-reflected-with-credentials']);
    const api1 = await runAnalysis({ targetUrl: vulnerable.url }, options({ vulnerabilityTypes: ['API1'] }));
    expect(api1.findings).toEqual([]);
  });

  it('reports progress through probing and scoring with a percent that never goes back', async () => {
    const updates: ProgressUpdate[] = [];
    await runAnalysis({ targetUrl: hardened.url }, options({ onProgress: (u) => updates.push(u) }));
    const stages = updates.map((u) => u.stage);
    expect(stages).toContain('probing');
    expect(stages.at(-1)).toBe('scoring');
    expect(updates.some((u) => /^probing \d+\/\d+ checks$/.test(u.message))).toBe(true);
    const percents = updates.map((u) => u.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
  });

  it('refuses a loopback target that is not allow-listed, before sending anything', async () => {
    const before = vulnerable.requests.length;
    await expect(runAnalysis({ targetUrl: vulnerable.url }, options({ targetAllowList: [] }))).rejects.toBeInstanceOf(
      TargetNotAllowedError,
    );
    expect(vulnerable.requests.length).toBe(before);
  });

  it('rejects a missing or non-http target', async () => {
    await expect(runAnalysis({}, options())).rejects.toBeInstanceOf(InvalidTargetError);
    await expect(runAnalysis({ targetUrl: 'ftp://x' }, options())).rejects.toBeInstanceOf(InvalidTargetError);
  });

  it('fails with TargetUnreachableError when nothing listens', async () => {
    const gone = await startLocalServer(hardenedApi);
    await gone.close();
    await expect(runAnalysis({ targetUrl: gone.url }, options())).rejects.toBeInstanceOf(TargetUnreachableError);
  });
});

describe('runAnalysis (cancellation)', () => {
  let silent: LocalServer;
  let socketsClosed = 0;

  beforeAll(async () => {
    // Accepts requests and never answers, like a hung upstream.
    silent = await startLocalServer((req) => req.socket.on('close', () => (socketsClosed += 1)));
  });
  afterAll(() => silent.close());

  it('rejects with AnalysisAbortedError within a second of the signal and drops the in-flight request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(runAnalysis({ targetUrl: silent.url }, options({ signal: controller.signal }))).rejects.toBeInstanceOf(
      AnalysisAbortedError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socketsClosed).toBeGreaterThanOrEqual(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(
      runAnalysis({ targetUrl: silent.url }, options({ signal: AbortSignal.abort() })),
    ).rejects.toBeInstanceOf(AnalysisAbortedError);
  });

  it('rejects with AnalysisTimeoutError when timeoutSeconds elapses', async () => {
    const started = Date.now();
    await expect(runAnalysis({ targetUrl: silent.url }, options({ timeoutSeconds: 0.2 }))).rejects.toBeInstanceOf(
      AnalysisTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('runNoopAnalysis', () => {
  it('returns an empty, perfect result immediately', async () => {
    const result = await runNoopAnalysis({ targetUrl: 'http://127.0.0.1:1' }, options());
    expect(result.findings).toEqual([]);
    expect(result.metrics.score).toBe(100);
  });
});
