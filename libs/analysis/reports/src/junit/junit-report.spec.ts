import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  CORS_FINDING,
  HEADERS_FINDING,
  HOSTILE_TEXT,
  reportModel,
  SCHEMA_FINDING,
  UNAUTH_FINDING,
  WRITE_FINDING,
} from '../testing/report-fixtures.js';
import { renderJunit } from './junit-report.js';

interface Case {
  classname: string;
  name: string;
  failure?: { '#text': string; message: string; type: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  testcase: Case[];
}

function parse(xml: string): { testsuites: { tests: string; failures: string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml);
}

describe('renderJunit', () => {
  it('has one suite per OWASP category and one case per rule and operation', () => {
    const { testsuites } = parse(renderJunit(reportModel()));
    expect(testsuites.testsuite.map((suite) => suite.name)).toEqual([
      'API2:2023 Broken Authentication',
      'API4:2023 Unrestricted Resource Consumption',
      'API8:2023 Security Misconfiguration',
    ]);
    const names = testsuites.testsuite.flatMap((suite) =>
      suite.testcase.map((entry) => `${entry.classname} | ${entry.name}`),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'http.auth.unauthenticated-access | GET /users/{id}',
        'spec.auth.write-without-security | POST /users',
        'http.cors.origin-reflected-with-credentials | GET /v1',
        'spec.schema.unbounded-input | /components/schemas/NewUser',
      ]),
    );
    expect(testsuites.tests).toBe(String(names.length));
  });

  it('fails cases at or above the threshold and lists lower findings as output', () => {
    const high = parse(renderJunit(reportModel(), { failOn: 'high' })).testsuites;
    expect(high.failures).toBe('3');
    const cases = high.testsuite.flatMap((suite) => suite.testcase);
    const cors = cases.find((entry) => entry.classname === CORS_FINDING.ruleId)!;
    expect(cors.failure).toMatchObject({ type: 'high' });
    expect(cors.failure!.message).toContain(CORS_FINDING.title);
    expect(cors.failure!['#text']).toContain(`fingerprint: ${CORS_FINDING.fingerprint}`);
    const schema = cases.find((entry) => entry.classname === SCHEMA_FINDING.ruleId)!;
    expect(schema.failure).toBeUndefined();
    expect(schema['system-out']).toContain('Below the failure threshold');

    expect(parse(renderJunit(reportModel(), { failOn: 'low' })).testsuites.failures).toBe('5');
    expect(parse(renderJunit(reportModel(), { failOn: 'info' })).testsuites.failures).toBe('6');
    expect(parse(renderJunit(reportModel(), { failOn: 'none' })).testsuites.failures).toBe('0');
  });

  it('merges findings of one rule on one operation into one case', () => {
    const twin = { ...HEADERS_FINDING, fingerprint: 'b'.repeat(64), severity: 'high' as const, title: 'Second' };
    const { testsuites } = parse(renderJunit(reportModel({ findings: [HEADERS_FINDING, twin] }), { failOn: 'high' }));
    expect(testsuites.testsuite[0]!.testcase).toHaveLength(1);
    const only = testsuites.testsuite[0]!.testcase[0]!;
    expect(only.failure!.message).toBe('[high] Second');
    expect(only['system-out']).toContain(HEADERS_FINDING.title);
  });

  it('escapes hostile text so the file stays well-formed XML and keeps the text', () => {
    const hostile = {
      ...UNAUTH_FINDING,
      title: `x" onload="${HOSTILE_TEXT}`,
      evidence: { request: HOSTILE_TEXT, response: `]]><!-- ${HOSTILE_TEXT}` },
    };
    const xml = renderJunit(reportModel({ findings: [hostile], tool: { name: '<so & co>', version: '1' } }));
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0000');
    const { testsuites } = parse(xml);
    const failure = testsuites.testsuite[0]!.testcase[0]!.failure!;
    expect(failure.message).toContain('<script>alert("x")</script>');
    expect(failure['#text']).toContain(']]><!--');
  });

  it('lists rules that ran without findings as passed cases, and is never empty', () => {
    const rules = [
      {
        id: WRITE_FINDING.ruleId,
        title: WRITE_FINDING.title,
        category: WRITE_FINDING.category,
        cweId: 'CWE-306',
        severity: 'high' as const,
        description: 'd',
        recommendation: 'r',
      },
    ];
    const passed = parse(renderJunit(reportModel({ findings: [], rules }))).testsuites;
    expect(passed).toMatchObject({ tests: '1', failures: '0' });
    expect(passed.testsuite[0]!.testcase[0]).toMatchObject({ classname: WRITE_FINDING.ruleId, name: 'no findings' });

    const empty = parse(renderJunit(reportModel({ findings: [] }))).testsuites;
    expect(empty).toMatchObject({ tests: '1', failures: '0' });
  });
});
