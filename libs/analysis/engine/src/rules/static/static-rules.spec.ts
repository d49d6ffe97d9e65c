import type { EngineFinding } from '../../engine.types.js';
import { loadSpec } from '../../spec/spec-loader.js';
import { HARDENED_SPEC_JSON, SWAGGER2_SPEC_JSON, VULNERABLE_SPEC_YAML } from '../../testing/spec-fixtures.js';
import { buildFinding } from '../finding-factory.js';
import { RULE_CATALOG } from '../rule-catalog.js';
import { STATIC_RULE_FAMILIES } from './index.js';

async function audit(text: string): Promise<EngineFinding[]> {
  const spec = await loadSpec(text);
  const rules = new Map(RULE_CATALOG.map((rule) => [rule.id, rule]));
  return STATIC_RULE_FAMILIES.flatMap((family) => family.run(spec)).map((draft) =>
    buildFinding(rules.get(draft.ruleId)!, draft),
  );
}

function only(findings: EngineFinding[], ruleId: string): EngineFinding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

describe('static OpenAPI rules', () => {
  let findings: EngineFinding[];

  beforeAll(async () => {
    findings = await audit(VULNERABLE_SPEC_YAML);
  });

  it('lists the open sign-up write as API2 with its line, as info: an auth entry point is anonymous by design', () => {
    const [open] = only(findings, 'spec.auth.write-without-security');
    expect(open).toMatchObject({
      category: 'API2:2023',
      cweId: 'CWE-306',
      severity: 'info',
      location: { pointer: '/paths/~1users/post', method: 'POST', line: 11, column: 5 },
    });
    expect(only(findings, 'spec.auth.write-without-security')).toHaveLength(1);
  });

  it('flags credentials in the query, both as a security scheme and as a parameter', () => {
    const pointers = only(findings, 'spec.auth.credentials-in-query').map((f) => f.location.pointer);
    expect(pointers).toEqual(['/components/securitySchemes/queryKey', '/paths/~1admin~1users/get/parameters/0']);
  });

  it('groups secured operations without 401/403 into one finding', () => {
    const [missing] = only(findings, 'spec.auth.missing-auth-error-responses');
    expect(missing?.location.pointer).toBe('/paths/~1users~1{id}/get/responses');
    expect(missing?.location.others?.map((o) => o.pointer)).toEqual(['/paths/~1tree/get/responses']);
  });

  it('flags the plain http server (API8, CWE-319)', () => {
    expect(only(findings, 'spec.transport.http-server')).toMatchObject([
      { category: 'API8:2023', cweId: 'CWE-319', severity: 'medium', location: { pointer: '/servers/0/url', line: 6 } },
    ]);
  });

  it('flags missing rate limits once for the API and the sign-up flow on its own', () => {
    expect(only(findings, 'spec.rate-limit.missing-429')).toHaveLength(1);
    expect(only(findings, 'spec.rate-limit.sensitive-flow')).toMatchObject([
      { category: 'API6:2023', cweId: 'CWE-799', location: { pointer: '/paths/~1users/post' } },
    ]);
  });

  it('groups unbounded request fields per schema, leaving bounded ones and response schemas out', () => {
    const [unbounded, ...more] = only(findings, 'spec.schema.unbounded-input');
    expect(more).toEqual([]);
    expect(unbounded).toMatchObject({
      category: 'API4:2023',
      cweId: 'CWE-770',
      location: { pointer: '/components/schemas/NewUser/properties/email' },
    });
    expect(unbounded?.description).toContain(
      'In NewUser: email (string without maxLength), role (string without maxLength), tags (array without maxItems), age (integer without maximum), callbackUrl',
    );
    expect(unbounded?.description).not.toContain('passwordHash');
  });

  it('flags mass-assignment risks: open request objects and a writable role', () => {
    expect(only(findings, 'spec.schema.additional-properties')).toMatchObject([
      { category: 'API3:2023', cweId: 'CWE-915', location: { pointer: '/components/schemas/NewUser' } },
    ]);
    expect(only(findings, 'spec.schema.privileged-property-writable')).toMatchObject([
      { severity: 'medium', location: { pointer: '/components/schemas/NewUser/properties/role', line: 84 } },
    ]);
  });

  it('flags the numeric path id (API1) and the unconstrained callback URL (API7)', () => {
    expect(only(findings, 'spec.params.guessable-id')).toMatchObject([
      { category: 'API1:2023', cweId: 'CWE-639', location: { pointer: '/paths/~1users~1{id}/parameters/0' } },
    ]);
    expect(only(findings, 'spec.params.ssrf-prone-url')).toMatchObject([
      {
        category: 'API7:2023',
        cweId: 'CWE-918',
        location: { pointer: '/components/schemas/NewUser/properties/callbackUrl' },
      },
    ]);
  });

  it('flags the password hash in responses (API3, CWE-213)', () => {
    expect(only(findings, 'spec.responses.sensitive-field')).toMatchObject([
      { cweId: 'CWE-213', location: { pointer: '/components/schemas/User/properties/passwordHash' } },
    ]);
  });

  it('flags the admin path, high because it needs no credentials', () => {
    expect(only(findings, 'spec.paths.admin-endpoint')).toMatchObject([
      {
        category: 'API5:2023',
        cweId: 'CWE-285',
        severity: 'high',
        title: 'Administrative endpoint in the public API: /admin/users',
      },
    ]);
  });

  it('notes declared callbacks (API10)', () => {
    expect(only(findings, 'spec.callbacks.declared')).toMatchObject([
      { category: 'API10:2023', cweId: 'CWE-20', location: { pointer: '/paths/~1users/post/callbacks' } },
    ]);
  });

  it('finds nothing in a spec that does it right', async () => {
    expect((await audit(HARDENED_SPEC_JSON)).map((f) => `${f.ruleId} ${f.description}`)).toEqual([]);
  });

  it('applies the same rules to Swagger 2', async () => {
    const swagger = await audit(SWAGGER2_SPEC_JSON);
    expect(new Set(swagger.map((f) => f.ruleId))).toEqual(
      new Set([
        'spec.auth.write-without-security',
        'spec.transport.http-server',
        'spec.rate-limit.missing-429',
        'spec.schema.unbounded-input',
        'spec.schema.additional-properties',
        'spec.schema.privileged-property-writable',
        'spec.params.guessable-id',
        'spec.params.ssrf-prone-url',
        'spec.errors.validation-undocumented',
        'spec.errors.server-error-undocumented',
        'spec.cors.origin-undeclared',
        'spec.schema.unrestricted-string',
        'spec.schema.integer-without-format',
      ]),
    );
    expect(only(swagger, 'spec.auth.write-without-security').map((f) => f.severity)).toEqual(['high', 'high']);
  });
});
