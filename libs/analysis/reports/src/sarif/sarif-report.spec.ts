import type { Result } from 'sarif';
import {
  ALL_FINDINGS,
  CORS_FINDING,
  PLAIN_HTTP_INFO,
  reportModel,
  SCHEMA_FINDING,
  UNAUTH_FINDING,
  WRITE_FINDING,
} from '../testing/report-fixtures.js';
import { sarifSchemaErrors } from '@so/testing';
import { renderSarif, SARIF_FINGERPRINT_KEY, toSarif } from './sarif-report.js';

function resultFor(log: ReturnType<typeof toSarif>, fingerprint: string): Result {
  const result = log.runs[0]!.results!.find(
    (entry) => entry.partialFingerprints?.[SARIF_FINGERPRINT_KEY] === fingerprint,
  );
  if (!result) throw new Error(`no result with fingerprint ${fingerprint}`);
  return result;
}

describe('toSarif', () => {
  it('produces a log the official SARIF 2.1.0 schema accepts', () => {
    const log = toSarif(reportModel());
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors(JSON.parse(renderSarif(reportModel())))).toEqual([]);
  });

  it('the schema check is real: it rejects a broken log', () => {
    const log = toSarif(reportModel()) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!['level'] = 'catastrophic';
    expect(sarifSchemaErrors(log).join('\n')).toMatch(/level/);
  });

  it('declares one rule per rule id with GitHub code-scanning metadata', () => {
    const log = toSarif(reportModel({ findings: [...ALL_FINDINGS, { ...CORS_FINDING, fingerprint: 'f'.repeat(64) }] }));
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).toEqual([...new Set(ALL_FINDINGS.map((finding) => finding.ruleId))]);
    const cors = rules.find((rule) => rule.id === CORS_FINDING.ruleId)!;
    expect(cors).toMatchObject({
      name: 'HttpCorsOriginReflectedWithCredentials',
      shortDescription: { text: 'CORS reflects an arbitrary Origin with credentials allowed' },
      defaultConfiguration: { level: 'error' },
      helpUri: 'https://cwe.mitre.org/data/definitions/942.html',
      properties: { 'security-severity': '8.0' },
    });
    expect(cors.fullDescription!.text.length).toBeGreaterThan(10);
    expect(cors.help!.text).toContain('Origin');
    expect(cors.properties!.tags).toEqual(
      expect.arrayContaining(['security', 'API8:2023', 'external/cwe/cwe-942', 'CWE-942']),
    );
  });

  it('uses the rule catalogue texts, not a per-finding title, for the rule', () => {
    const rule = toSarif(reportModel()).runs[0]!.tool.driver.rules!.find(
      (entry) => entry.id === UNAUTH_FINDING.ruleId,
    )!;
    expect(rule.shortDescription!.text).toBe('Secured operation answers without credentials');
  });

  it('rates a rule by the worst severity it had in this run', () => {
    const escalated = { ...WRITE_FINDING, severity: 'critical' as const };
    const rule = toSarif(reportModel({ findings: [escalated] })).runs[0]!.tool.driver.rules![0]!;
    expect(rule.properties!['security-severity']).toBe('9.5');
    expect(rule.defaultConfiguration!.level).toBe('error');
    const info = toSarif(reportModel({ findings: [PLAIN_HTTP_INFO] })).runs[0]!.tool.driver.rules![0]!;
    expect(info.properties!['security-severity']).toBeUndefined();
  });

  it('maps severity to level and carries the fingerprint', () => {
    const log = toSarif(reportModel());
    expect(resultFor(log, CORS_FINDING.fingerprint).level).toBe('error');
    expect(resultFor(log, SCHEMA_FINDING.fingerprint).level).toBe('note');
    const rules = log.runs[0]!.tool.driver.rules!;
    for (const result of log.runs[0]!.results!) {
      expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    }
  });

  it('points static findings at their line and column in the spec file', () => {
    const result = resultFor(toSarif(reportModel()), WRITE_FINDING.fingerprint);
    expect(result.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'api/openapi.yaml' },
      region: { startLine: 11, startColumn: 5 },
    });
  });

  it('points dynamic findings at their operation when known, else line 1, with the probe in properties', () => {
    const log = toSarif(reportModel());
    const unauth = resultFor(log, UNAUTH_FINDING.fingerprint);
    expect(unauth.locations![0]!.physicalLocation!.region).toEqual({ startLine: 41, startColumn: 5 });
    const cors = resultFor(log, CORS_FINDING.fingerprint);
    expect(cors.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'api/openapi.yaml' },
      region: { startLine: 1 },
    });
    expect(cors.properties).toMatchObject({
      url: 'http://127.0.0.1:8080/v1',
      method: 'GET',
      evidence: CORS_FINDING.evidence,
    });
    expect(cors.message.text).toContain('GET http://127.0.0.1:8080/v1');
  });

  it('lists extra places as related locations', () => {
    const result = resultFor(toSarif(reportModel()), SCHEMA_FINDING.fingerprint);
    expect(result.relatedLocations!.map((location) => location.physicalLocation!.region!.startLine)).toEqual([83, 86]);
    expect(result.relatedLocations!.map((location) => location.id)).toEqual([1, 2]);
  });

  it('never emits an http(s) artifact URI, even for a spec fetched from a URL or a target-only run', () => {
    const fromUrl = toSarif(
      reportModel({
        analysis: { ...reportModel().analysis, specPath: 'https://api.example.com:8443/v1/openapi.json' },
      }),
    );
    const uris = fromUrl.runs[0]!.results!.map(
      (result) => result.locations![0]!.physicalLocation!.artifactLocation!.uri,
    );
    expect(new Set(uris)).toEqual(new Set(['api.example.com_8443/v1/openapi.json']));
    // Lines in findings refer to the fetched document, not to a repository file: line 1 everywhere.
    expect(resultFor(fromUrl, WRITE_FINDING.fingerprint).locations![0]!.physicalLocation!.region).toEqual({
      startLine: 1,
    });

    const { specPath: _omit, ...targetOnly } = reportModel().analysis;
    const noSpec = toSarif(reportModel({ analysis: targetOnly, findings: [CORS_FINDING] }));
    expect(noSpec.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      '127.0.0.1_8080/v1',
    );
    expect(sarifSchemaErrors(noSpec)).toEqual([]);
  });

  it('anchors at a caller-chosen repository file and makes paths URI references', () => {
    const anchored = toSarif(reportModel(), { anchorUri: '.github/workflows/api scan.yml' });
    expect(anchored.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      '.github/workflows/api%20scan.yml',
    );
    const windows = toSarif(
      reportModel({ analysis: { ...reportModel().analysis, specPath: '.\\specs\\open api.yaml' } }),
    );
    expect(windows.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'specs/open%20api.yaml',
    );
    const absolute = toSarif(
      reportModel({ analysis: { ...reportModel().analysis, specPath: '/home/ci/repo/openapi.yaml' } }),
    );
    expect(absolute.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'file:///home/ci/repo/openapi.yaml',
    );
  });

  it('records timing, warnings and metrics on the run', () => {
    const run = toSarif(reportModel()).runs[0]!;
    expect(run.invocations![0]).toMatchObject({
      executionSuccessful: true,
      startTimeUtc: '2026-11-21T10:00:00.000Z',
      endTimeUtc: '2026-11-21T10:00:02.500Z',
      toolExecutionNotifications: [{ level: 'warning', message: { text: 'probe of GET /slow timed out' } }],
    });
    expect(run.properties).toMatchObject({ score: 64, target: 'http://127.0.0.1:8080/v1', analysisId: 'an-123' });
    expect(run.tool.driver).toMatchObject({ name: 'SecurityOrchestrator', version: '0.1.0', semanticVersion: '0.1.0' });
  });

  it('declares rules that ran without findings when the run lists them', () => {
    const log = toSarif(
      reportModel({
        findings: [],
        rules: [
          {
            id: 'spec.params.guessable-id',
            title: 'Sequential numeric id in the path',
            category: 'API1:2023',
            cweId: 'CWE-639',
            severity: 'low',
            description: 'd',
            recommendation: 'r',
          },
        ],
      }),
    );
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules!.map((rule) => rule.id)).toEqual(['spec.params.guessable-id']);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('refuses a timestamp that is not a date', () => {
    expect(() => toSarif(reportModel({ analysis: { ...reportModel().analysis, startedAt: 'yesterday' } }))).toThrow(
      /analysis.startedAt is not a valid date/,
    );
  });
});

describe('toSarif and GitHub code-scanning ingestion rules', () => {
  it.each([
    ['a spec file', reportModel()],
    [
      'a spec URL',
      reportModel({ analysis: { ...reportModel().analysis, specPath: 'http://127.0.0.1:9/openapi.json' } }),
    ],
    [
      'no spec',
      reportModel({ analysis: { startedAt: new Date(), completedAt: new Date(), target: 'https://api.example.com' } }),
    ],
  ])('gives every result a file-style location and every rule a usable score (%s)', (_name, model) => {
    const log = toSarif(model);
    expect(log.runs).toHaveLength(1);
    for (const result of log.runs[0]!.results!) {
      const physical = result.locations?.[0]?.physicalLocation;
      expect(physical?.artifactLocation?.uri).toMatch(/^(?![a-z][a-z0-9+.-]*:)|^file:\/\//i);
      expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints?.[SARIF_FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
      expect(result.message.text?.length).toBeGreaterThan(0);
    }
    for (const rule of log.runs[0]!.tool.driver.rules!) {
      const score = rule.properties?.['security-severity'] as string | undefined;
      if (score !== undefined) expect(Number(score)).toBeGreaterThanOrEqual(0.1);
      if (score !== undefined) expect(Number(score)).toBeLessThanOrEqual(10);
      expect((rule.properties?.tags as string[]).length).toBeLessThanOrEqual(20);
    }
  });
});
