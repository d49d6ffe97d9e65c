import { ALL_FINDINGS, CORS_FINDING, reportModel, SCHEMA_FINDING } from '../testing/report-fixtures.js';
import { renderJsonReport, toJsonReport } from './json-report.js';
import { parseJsonReport } from './parse-json-report.js';

describe('toJsonReport', () => {
  it('has the documented top-level shape with every key present', () => {
    const report = toJsonReport(reportModel());
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'analysis', 'summary', 'findings', 'warnings']);
    expect(report.schemaVersion).toBe(1);
    expect(report.analysis).toEqual({
      id: 'an-123',
      target: 'http://127.0.0.1:8080/v1',
      specPath: 'api/openapi.yaml',
      startedAt: '2026-11-21T10:00:00.000Z',
      completedAt: '2026-11-21T10:00:02.500Z',
      durationMs: 2500,
    });
    expect(report.summary).toEqual({
      total: 6,
      score: 64,
      bySeverity: { critical: 0, high: 3, medium: 0, low: 2, info: 1 },
      byCategory: { 'API2:2023': 2, 'API4:2023': 1, 'API8:2023': 3 },
      operationsDeclared: 4,
      operationsCovered: 3,
    });
    expect(Object.keys(report.summary.byCategory)).toEqual(['API2:2023', 'API4:2023', 'API8:2023']);
    expect(report.warnings).toEqual(['probe of GET /slow timed out']);
  });

  it('keeps every finding field, names the category and uses null for what is unknown', () => {
    const report = toJsonReport(reportModel({ analysis: { startedAt: new Date(0), completedAt: new Date(1000) } }));
    expect(report.analysis).toMatchObject({
      id: null,
      target: null,
      specPath: null,
      startedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(report.findings).toHaveLength(ALL_FINDINGS.length);
    const cors = report.findings[0]!;
    expect(cors).toEqual({
      fingerprint: CORS_FINDING.fingerprint,
      ruleId: CORS_FINDING.ruleId,
      title: CORS_FINDING.title,
      severity: 'high',
      category: 'API8:2023',
      categoryName: 'Security Misconfiguration',
      cweId: 'CWE-942',
      description: CORS_FINDING.description,
      recommendation: CORS_FINDING.recommendation,
      location: { method: 'GET', url: 'http://127.0.0.1:8080/v1' },
      evidence: CORS_FINDING.evidence,
    });
    expect(report.findings.find((finding) => finding.ruleId === SCHEMA_FINDING.ruleId)!).toMatchObject({
      evidence: null,
      location: { others: SCHEMA_FINDING.location.others },
    });
  });

  it('renders the same bytes for the same input and reads back', () => {
    const text = renderJsonReport(reportModel());
    expect(renderJsonReport(reportModel())).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseJsonReport(text).findings.map((finding) => finding.fingerprint)).toEqual(
      ALL_FINDINGS.map((finding) => finding.fingerprint),
    );
  });
});

describe('parseJsonReport', () => {
  it.each([
    ['not JSON', '{', /not a JSON report: /],
    ['another schema version', JSON.stringify({ schemaVersion: 2, findings: [] }), /schemaVersion/],
    [
      'a finding without fingerprint',
      JSON.stringify({ schemaVersion: 1, findings: [{ ruleId: 'x' }] }),
      /findings\.0\.fingerprint/,
    ],
    ['a SARIF file', JSON.stringify({ version: '2.1.0', runs: [] }), /not a JSON report/],
  ])('refuses %s with a message that says why', (_name, text, message) => {
    expect(() => parseJsonReport(text)).toThrow(message);
  });
});
