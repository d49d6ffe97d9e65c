import { runAnalysis, type EngineFinding, type EngineOptions, type EngineResult } from '@so/analysis-engine';
import { findingFor, formatTable } from './ground-truth.js';
import { loadManifest } from './manifest.js';
import { startVulnerableApi, type RunningVulnerableApi } from './start-vulnerable-api.js';

/** A full scan takes 3-5 s here; a busy 2-core CI machine can take several times that. */
const SCAN_TEST_TIMEOUT_MS = 60_000;

/**
 * Ground truth for the analysis engine: a deep, credentialed scan (spec + live target) of the
 * deliberately vulnerable Shop API must report every flaw listed in manifest.json with the right
 * OWASP category, and the same scan of the hardened twin must report nothing high or critical.
 */
const manifest = loadManifest();

function scanOptions(api: RunningVulnerableApi, deepScan = manifest.scan.deepScan): EngineOptions {
  const { primary, secondary, lowPrivilege } = manifest.scan.credentials;
  const token = (user: string): string => api.tokens[user as keyof RunningVulnerableApi['tokens']];
  return {
    deepScan,
    maxDepth: 5,
    vulnerabilityTypes: [],
    timeoutSeconds: 120,
    targetAllowList: manifest.scan.targetAllowList,
    credentials: { primary: token(primary), secondary: token(secondary), lowPrivilege: token(lowPrivilege) },
  };
}

async function scan(api: RunningVulnerableApi, deepScan?: boolean): Promise<{ result: EngineResult; seconds: number }> {
  const started = performance.now();
  const result = await runAnalysis({ targetUrl: api.url, specText: api.specText }, scanOptions(api, deepScan));
  return { result, seconds: (performance.now() - started) / 1000 };
}

function describeFinding(f: EngineFinding): string[] {
  const where = f.location.url
    ? `${f.location.method ?? ''} ${new URL(f.location.url).pathname}`
    : (f.location.pointer ?? '');
  return [f.severity, f.category, f.ruleId, where.trim()];
}

describe('ground truth: engine against the vulnerable Shop API', () => {
  let vulnerable: RunningVulnerableApi;
  let hardened: RunningVulnerableApi;

  beforeAll(async () => {
    vulnerable = await startVulnerableApi();
    hardened = await startVulnerableApi({ hardened: true });
  });
  afterAll(async () => {
    await vulnerable?.close();
    await hardened?.close();
  });

  it('reports every manifest flaw with its OWASP category and evidence', async () => {
    const { result, seconds } = await scan(vulnerable);
    const rows = manifest.flaws.map((flaw) => ({ flaw, finding: findingFor(flaw, result.findings) }));
    const found = rows.filter((row) => row.finding).length;
    const matched = new Set(rows.flatMap((row) => (row.finding ? [row.finding.fingerprint] : [])));
    const others = result.findings.filter((f) => !matched.has(f.fingerprint));
    process.stdout.write(
      [
        '',
        `Recall ${found}/${manifest.flaws.length} on the vulnerable API (scan ${seconds.toFixed(1)} s, ` +
          `${result.findings.length} findings, score ${result.metrics.score})`,
        formatTable(
          ['flaw', 'owasp', 'expected rule', 'found', 'severity', 'category ok'],
          rows.map(({ flaw, finding }) => [
            flaw.id,
            flaw.owasp,
            flaw.ruleId,
            finding ? 'yes' : 'NO',
            finding?.severity ?? '-',
            finding ? String(finding.category === flaw.owasp) : '-',
          ]),
        ),
        '',
        `Findings not in the manifest (${others.length}):`,
        formatTable(['severity', 'category', 'rule', 'where'], others.map(describeFinding)),
        ...(result.warnings ?? []).map((w) => `warning: ${w}`),
        '',
      ].join('\n'),
    );
    // No check was skipped or cut short (budget, errors): recall is measured on a complete scan.
    expect(result.warnings ?? []).toEqual([]);
    expect(rows.filter((row) => !row.finding).map((row) => `${row.flaw.id} ${row.flaw.ruleId}`)).toEqual([]);
    for (const { flaw, finding } of rows) {
      expect({ id: flaw.id, category: finding?.category }).toEqual({ id: flaw.id, category: flaw.owasp });
      if (flaw.detection === 'dynamic') {
        expect({ id: flaw.id, evidence: Boolean(finding?.evidence?.request && finding.evidence.response) }).toEqual({
          id: flaw.id,
          evidence: true,
        });
      }
    }
  }, SCAN_TEST_TIMEOUT_MS);

  it('finds every flaw not marked deepScanOnly without deepScan, sending no write request', async () => {
    const fresh = await startVulnerableApi();
    try {
      const { result } = await scan(fresh, false);
      const missed = manifest.flaws.filter((flaw) => !flaw.deepScanOnly && !findingFor(flaw, result.findings));
      expect(missed.map((flaw) => `${flaw.id} ${flaw.ruleId}`)).toEqual([]);
      const writes = fresh.requests.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
      expect(writes).toEqual([]);
      expect(fresh.requests.length).toBeGreaterThan(50);
    } finally {
      await fresh.close();
    }
  }, SCAN_TEST_TIMEOUT_MS);

  it('runs only the selected category: API1 finds both BOLA flaws and nothing outside API1', async () => {
    const fresh = await startVulnerableApi();
    try {
      const result = await runAnalysis(
        { targetUrl: fresh.url, specText: fresh.specText },
        { ...scanOptions(fresh), vulnerabilityTypes: ['API1'] },
      );
      expect(new Set(result.findings.map((f) => f.category))).toEqual(new Set(['API1:2023']));
      const bola = manifest.flaws.filter((flaw) => flaw.owasp === 'API1:2023');
      expect(bola.filter((flaw) => !findingFor(flaw, result.findings))).toEqual([]);
      expect(fresh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, SCAN_TEST_TIMEOUT_MS);

  it('reports nothing high or critical on the hardened twin', async () => {
    const { result, seconds } = await scan(hardened);
    process.stdout.write(
      [
        '',
        `Hardened twin: ${result.findings.length} findings (scan ${seconds.toFixed(1)} s, score ${result.metrics.score})`,
        formatTable(['severity', 'category', 'rule', 'where'], result.findings.map(describeFinding)),
        ...(result.warnings ?? []).map((w) => `warning: ${w}`),
        '',
      ].join('\n'),
    );
    // Every check ran: the twin is clean because it refused the probes, not because none were sent.
    expect(result.warnings ?? []).toEqual([]);
    expect(
      result.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map(describeFinding),
    ).toEqual([]);
    // The scan really reached the twin: every declared operation answered.
    expect(result.metrics.operationsCovered).toBe(result.metrics.operationsDeclared);
  }, SCAN_TEST_TIMEOUT_MS);
});
