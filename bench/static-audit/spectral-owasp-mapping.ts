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
    ours: null,
    note: 'Security scheme of type http/basic (or Swagger 2 basic); needs a security-scheme check.',
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
    ours: null,
    note: 'http security scheme `negotiate` or `oauth` (1.0); needs a security-scheme check.',
  },
  'owasp:api2:2023-jwt-best-practices': {
    ours: null,
    note: 'JWT bearer / oauth2 schemes whose description does not cite RFC 8725; needs a security-scheme check.',
  },
  'owasp:api2:2023-short-lived-access-tokens': {
    ours: null,
    note: 'oauth2 flows without refreshUrl; needs a security-scheme check.',
  },
  'owasp:api2:2023-write-restricted': {
    ours: 'spec.auth.write-without-security',
    note: 'POST/PUT/PATCH/DELETE without a security requirement.',
  },
  'owasp:api2:2023-read-restricted': {
    ours: null,
    note: 'GET/HEAD without a security requirement; ours checks writes only (statically).',
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
    ours: null,
    note: '429 response without a Retry-After header; ours treats any 429 as enough.',
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
    ours: null,
    note: 'Strings without format, pattern, enum or const; needs an unconstrained-string reason in the request-schema rule.',
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
    ours: null,
    note: 'Integers without format int32/int64; needs a reason in the request-schema rule.',
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
    ours: null,
    note: 'Response headers without Access-Control-Allow-Origin; ours checks CORS live (http.cors.*) only.',
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
    ours: null,
    note: 'Operations without a 400/422/4XX response; needs a documented-errors rule.',
  },
  'owasp:api8:2023-define-error-responses-401': {
    ours: 'spec.auth.missing-auth-error-responses',
    note: 'Spectral: every operation needs a 401 with a schema; ours: secured operations need 401 or 403.',
  },
  'owasp:api8:2023-define-error-responses-500': {
    ours: null,
    note: 'Operations without a 500 response with a schema; needs a documented-errors rule.',
  },
  'owasp:api9:2023-inventory-access': {
    ours: null,
    note: 'Servers without x-internal true/false; needs a server-inventory rule.',
  },
  'owasp:api9:2023-inventory-environment': {
    ours: null,
    note: 'Server descriptions that name no environment (production, staging, ...); needs a server-inventory rule.',
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
