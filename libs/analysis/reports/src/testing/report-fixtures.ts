import { fingerprintOf, type EngineFinding, type FindingLocation, type RuleMeta } from '@so/analysis-engine';
import type { ReportModel } from '../report.types.js';

/** Text an attacker-controlled API could put into evidence or a spec title. */
export const HOSTILE_TEXT = `<script>alert("x")</script> & ' " \u001b[31mred\u001b[0m \u0000 ]]> \u202Eevil`;

function finding(
  rule: Omit<RuleMeta, 'description' | 'recommendation'>,
  location: FindingLocation,
  extra: Partial<EngineFinding> = {},
): EngineFinding {
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    cweId: rule.cweId,
    severity: rule.severity,
    description: `Why ${rule.id} matters.`,
    recommendation: `Fix ${rule.id}.`,
    location,
    fingerprint: fingerprintOf(rule.id, location),
    ...extra,
  };
}

export const CORS_FINDING = finding(
  {
    id: 'http.cors.origin-reflected-with-credentials',
    title: 'CORS reflects an arbitrary Origin with credentials allowed',
    category: 'API8:2023',
    cweId: 'CWE-942',
    severity: 'high',
  },
  { url: 'http://127.0.0.1:8080/v1', method: 'GET' },
  {
    evidence: {
      request: 'GET /v1 HTTP/1.1\nhost: 127.0.0.1:8080\norigin: https://evil.example',
      response: `HTTP/1.1 200 OK\naccess-control-allow-origin: https://evil.example\n\n${HOSTILE_TEXT}`,
    },
  },
);

export const UNAUTH_FINDING = finding(
  {
    id: 'http.auth.unauthenticated-access',
    title: 'Secured operation answers without credentials',
    category: 'API2:2023',
    cweId: 'CWE-306',
    severity: 'high',
  },
  { url: 'http://127.0.0.1:8080/v1/users/1', method: 'GET', pointer: '/paths/~1users~1{id}/get', line: 41, column: 5 },
  { title: 'Secured operation answers without credentials: GET /users/{id}' },
);

export const WRITE_FINDING = finding(
  {
    id: 'spec.auth.write-without-security',
    title: 'Write operation without authentication',
    category: 'API2:2023',
    cweId: 'CWE-306',
    severity: 'high',
  },
  { pointer: '/paths/~1users/post', line: 11, column: 5 },
);

export const SCHEMA_FINDING = finding(
  {
    id: 'spec.schema.unbounded-input',
    title: 'Request schema accepts unbounded values',
    category: 'API4:2023',
    cweId: 'CWE-770',
    severity: 'low',
  },
  {
    pointer: '/components/schemas/NewUser',
    line: 80,
    column: 5,
    others: [
      { pointer: '/components/schemas/NewUser/properties/name', line: 83, column: 9 },
      { pointer: '/components/schemas/NewUser/properties/bio', line: 86, column: 9 },
    ],
  },
);

export const HEADERS_FINDING = finding(
  {
    id: 'http.headers.missing-security-headers',
    title: 'Security headers missing',
    category: 'API8:2023',
    cweId: 'CWE-693',
    severity: 'low',
  },
  { url: 'http://127.0.0.1:8080/v1', method: 'GET' },
);

export const PLAIN_HTTP_INFO = finding(
  {
    id: 'http.transport.plain-http',
    title: 'API served over plain http',
    category: 'API8:2023',
    cweId: 'CWE-319',
    severity: 'info',
  },
  { url: 'http://127.0.0.1:8080/v1', method: 'GET' },
);

export const ALL_FINDINGS: EngineFinding[] = [
  CORS_FINDING,
  UNAUTH_FINDING,
  WRITE_FINDING,
  SCHEMA_FINDING,
  HEADERS_FINDING,
  PLAIN_HTTP_INFO,
];

/** A finished run over a spec file and a live target with one finding of most kinds. */
export function reportModel(overrides: Partial<ReportModel> = {}): ReportModel {
  return {
    tool: { name: 'SecurityOrchestrator', version: '0.1.0', informationUri: 'https://example.com/so' },
    analysis: {
      id: 'an-123',
      target: 'http://127.0.0.1:8080/v1',
      specPath: 'api/openapi.yaml',
      startedAt: '2026-11-21T10:00:00.000Z',
      completedAt: '2026-11-21T10:00:02.500Z',
    },
    findings: ALL_FINDINGS,
    metrics: {
      bySeverity: { critical: 0, high: 3, medium: 0, low: 2, info: 1 },
      operationsDeclared: 4,
      operationsCovered: 3,
      score: 64,
    },
    warnings: ['probe of GET /slow timed out'],
    ...overrides,
  };
}
