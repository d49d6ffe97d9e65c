/**
 * Every rule of `@stoplight/spectral-owasp-ruleset` 2.0.1, with the rule of ours that covers it
 * (`null`: none does) and how the two differ. The benchmark checks this list against the installed
 * ruleset and `RULE_CATALOG`, so a new Spectral rule or a renamed rule of ours fails loudly.
 */
export interface OwaspRuleCoverage {
  /** Our covering rule id, or null when the engine has no rule for it. */
  ours: string | null;
  /** What Spectral checks, and where ours differs (partial coverage) or what it would need. */
  note: string;
}

export const SPECTRAL_OWASP_MAPPING: Readonly<Record<string, OwaspRuleCoverage>> = {
  'owasp:api1:2023-no-numeric-ids': {
    ours: 'spec.params.guessable-id',
    note: 'Spectral: any parameter named id/*_id/*Id with an integer schema; ours: integer/number path parameters.',
  },
  'owasp:api2:2023-no-http-basic': {
    ours: 'spec.auth.weak-scheme',
    note: 'Spectral: components.securitySchemes whose `scheme` contains `basic` (case-sensitive); ours: http scheme basic in any case, and Swagger 2 `type: basic`.',
  },
  'owasp:api2:2023-no-api-keys-in-url': {
    ours: 'spec.auth.credentials-in-query',
    note: 'apiKey security scheme `in: query`/`path`.',
  },
  'owasp:api2:2023-no-credentials-in-url': {
    ours: 'spec.auth.credentials-in-query',
    note: 'Spectral: query/path parameter whose name contains token, secret, password or api-key; ours: query parameters whose whole name is a credential word.',
  },
  'owasp:api2:2023-auth-insecure-schemes': {
    ours: 'spec.auth.weak-scheme',
    note: 'http security scheme `negotiate` or `oauth` (1.0); ours matches the scheme name case-insensitively.',
  },
  'owasp:api2:2023-jwt-best-practices': {
    ours: 'spec.auth.jwt-practices-undeclared',
    note: 'oauth2 schemes and bearerFormat JWT whose description does not cite RFC 8725; ours also accepts `RFC 8725`, checks Swagger 2 oauth2 too, and reports info (the live JWT checks test the real behaviour).',
  },
  'owasp:api2:2023-short-lived-access-tokens': {
    ours: 'spec.auth.long-lived-tokens',
    note: 'Spectral: every oauth2 flow without refreshUrl; ours: authorizationCode, password and implicit only (client credentials issues no refresh tokens, RFC 6749 4.4.3), one finding per scheme.',
  },
  'owasp:api2:2023-write-restricted': {
    ours: 'spec.auth.write-without-security',
    note: 'POST/PUT/PATCH/DELETE without a security requirement.',
  },
  'owasp:api2:2023-read-restricted': {
    ours: 'spec.auth.read-without-security',
    note: 'GET/HEAD with no security requirement (`security: [{}]` counts as declared, as in Spectral); ours: one info finding per spec.',
  },
  'owasp:api3:2023-no-additionalProperties': {
    ours: 'spec.schema.additional-properties',
    note: 'Spectral: additionalProperties other than false in any schema (OAS 3.0); ours: request objects only.',
  },
  'owasp:api3:2023-constrained-additionalProperties': {
    ours: 'spec.schema.additional-properties',
    note: 'Spectral: additionalProperties schema without maxProperties; ours flags the open object, not the missing maxProperties.',
  },
  'owasp:api3:2023-no-unevaluatedProperties': {
    ours: 'spec.schema.additional-properties',
    note: 'OAS 3.1 unevaluatedProperties other than false; ours: request objects only.',
  },
  'owasp:api3:2023-constrained-unevaluatedProperties': {
    ours: 'spec.schema.additional-properties',
    note: 'OAS 3.1 unevaluatedProperties schema without maxProperties; ours flags the open object.',
  },
  'owasp:api4:2023-rate-limit': {
    ours: 'spec.rate-limit.missing-429',
    note: 'Spectral: every 2xx/4xx response must declare rate-limit headers; ours: one grouped finding per spec.',
  },
  'owasp:api4:2023-rate-limit-retry-after': {
    ours: 'spec.rate-limit.retry-after-undeclared',
    note: 'Spectral: 429 responses whose `headers` lack Retry-After (a 429 without `headers` passes); ours: any 429 without Retry-After, header names case-insensitive, one finding per spec.',
  },
  'owasp:api4:2023-rate-limit-responses-429': {
    ours: 'spec.rate-limit.missing-429',
    note: 'Operation without a 429 response.',
  },
  'owasp:api4:2023-array-limit': {
    ours: 'spec.schema.unbounded-input',
    note: 'Spectral: arrays without maxItems in every schema; ours: request schemas only (by design).',
  },
  'owasp:api4:2023-string-limit': {
    ours: 'spec.schema.unbounded-input',
    note: 'Spectral: strings without maxLength/enum/const in every schema; ours: request schemas, short formats exempt.',
  },
  'owasp:api4:2023-string-restricted': {
    ours: 'spec.schema.unrestricted-string',
    note: 'Spectral: strings without format/pattern/enum/const in every schema; ours: request bodies and parameters only (by design), grouped per schema or operation.',
  },
  'owasp:api4:2023-integer-limit': {
    ours: 'spec.schema.unbounded-input',
    note: 'Spectral: integers need minimum and maximum (OAS 3.1); ours checks maximum only.',
  },
  'owasp:api4:2023-integer-limit-legacy': {
    ours: 'spec.schema.unbounded-input',
    note: 'Same for Swagger 2 / OAS 3.0; ours checks maximum only.',
  },
  'owasp:api4:2023-integer-format': {
    ours: 'spec.schema.integer-without-format',
    note: 'Spectral: integers without any format in every schema; ours: request bodies and parameters, needs a width format (int32, int64, ...) unless enum/const or both bounds fix the range.',
  },
  'owasp:api5:2023-admin-security-unique': {
    ours: 'spec.paths.admin-endpoint',
    note: 'Spectral: admin paths must use a security scheme no other path uses; ours flags admin paths (high when open).',
  },
  'owasp:api7:2023-concerning-url-parameter': {
    ours: 'spec.params.ssrf-prone-url',
    note: 'Parameters named like url/uri/callback/redirect...',
  },
  'owasp:api8:2023-define-cors-origin': {
    ours: 'spec.cors.origin-undeclared',
    note: 'Spectral: every `headers` object (requests too) without Access-Control-Allow-Origin; ours: one finding when no response declares it at all (also when no headers are declared).',
  },
  'owasp:api8:2023-no-scheme-http': {
    ours: 'spec.transport.http-server',
    note: 'Swagger 2 `schemes` containing http/ws.',
  },
  'owasp:api8:2023-no-server-http': {
    ours: 'spec.transport.http-server',
    note: 'OAS 3 server URL with http://.',
  },
  'owasp:api8:2023-define-error-validation': {
    ours: 'spec.errors.validation-undocumented',
    note: 'Spectral: every responses object without 400/422/4XX; ours: operations that take input (parameters or body), `default` also accepted, one finding per spec.',
  },
  'owasp:api8:2023-define-error-responses-401': {
    ours: 'spec.auth.missing-auth-error-responses',
    note: 'Spectral: every operation needs a 401 with a schema; ours: secured operations need 401 or 403.',
  },
  'owasp:api8:2023-define-error-responses-500': {
    ours: 'spec.errors.server-error-undocumented',
    note: 'Spectral: 500 with content; ours: 500, 5XX or default with a body schema (HEAD: the status), one finding per spec.',
  },
  'owasp:api9:2023-inventory-access': {
    ours: 'spec.inventory.server-audience-undeclared',
    note: 'OAS 3 servers without x-internal; ours requires a boolean, one finding per spec.',
  },
  'owasp:api9:2023-inventory-environment': {
    ours: 'spec.inventory.server-environment-undeclared',
    note: 'OAS 3 server descriptions naming no environment; ours also accepts dev, QA, UAT, demo, mock, preview, at a word start.',
  },
};

/** Disagreements between the mapping, the installed ruleset and our catalogue; empty when they agree. */
export function mappingProblems(spectralRuleIds: readonly string[], ourRuleIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const id of spectralRuleIds) {
    if (!(id in SPECTRAL_OWASP_MAPPING)) problems.push(`Spectral rule ${id} is missing from the mapping`);
  }
  for (const [id, coverage] of Object.entries(SPECTRAL_OWASP_MAPPING)) {
    if (!spectralRuleIds.includes(id)) problems.push(`mapping names ${id}, which the installed ruleset lacks`);
    if (coverage.ours !== null && !ourRuleIds.has(coverage.ours)) {
      problems.push(`mapping names our rule ${coverage.ours}, which RULE_CATALOG lacks`);
    }
  }
  return problems;
}
