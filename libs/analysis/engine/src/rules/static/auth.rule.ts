import type { SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { describeOperation, groupLocation, specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const WRITE_WITHOUT_SECURITY: RuleMeta = {
  id: 'spec.auth.write-without-security',
  title: 'Write operation without authentication',
  category: 'API2:2023',
  cweId: 'CWE-306',
  severity: 'high',
  description:
    'The operation changes data but declares no security requirement (or allows anonymous access with `{}`).',
  recommendation: 'Declare a security requirement on the operation or globally, and enforce it in the API.',
};

export const CREDENTIALS_IN_QUERY: RuleMeta = {
  id: 'spec.auth.credentials-in-query',
  title: 'Credentials sent in the query string',
  category: 'API2:2023',
  cweId: 'CWE-598',
  severity: 'medium',
  description:
    'Query strings end up in access logs, proxies, browser history and Referer headers, leaking the credential.',
  recommendation: 'Send API keys and tokens in a header (Authorization or a custom header), never in the URL.',
};

export const MISSING_AUTH_ERRORS: RuleMeta = {
  id: 'spec.auth.missing-auth-error-responses',
  title: 'Secured operations do not document 401/403',
  category: 'API2:2023',
  cweId: 'CWE-287',
  severity: 'low',
  description:
    'Secured operations that declare neither 401 nor 403 leave clients and tests without a contract for rejected credentials, so missing checks go unnoticed.',
  recommendation:
    'Declare 401 (missing or invalid credentials) and 403 (not allowed) responses on every secured operation.',
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CREDENTIAL_PARAM =
  /^(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|token|jwt|password|passwd|secret|client[-_]?secret|session[-_]?id|sid)$/i;

/** Operations a caller uses to get credentials in the first place. */
const AUTH_ENTRY_POINT =
  /log[-_]?in|sign[-_]?in|sign[-_]?up|register|password[-_]?reset|reset[-_]?password|forgot[-_]?password|\/(oauth2?\/)?token\b|refresh[-_]?token|verify[-_]?(email|otp|code)/i;

/** True when the operation requires credentials: some requirement, and none of them is `{}` (anonymous). */
export function isSecured(operation: SpecOperation): boolean {
  return (
    operation.security.length > 0 && operation.security.every((requirement) => Object.keys(requirement).length > 0)
  );
}

export const authRule: StaticRuleFamily = {
  name: 'authentication',
  rules: [WRITE_WITHOUT_SECURITY, CREDENTIALS_IN_QUERY, MISSING_AUTH_ERRORS],
  run(spec) {
    const drafts: FindingDraft[] = [];
    for (const operation of spec.operations) {
      if (WRITE_METHODS.has(operation.method) && !isSecured(operation)) {
        const entryPoint = AUTH_ENTRY_POINT.test(`${operation.path} ${String(operation.value['operationId'] ?? '')}`);
        drafts.push({
          ruleId: WRITE_WITHOUT_SECURITY.id,
          title: `${WRITE_WITHOUT_SECURITY.title}: ${describeOperation(operation)}`,
          // Log-in, sign-up and password reset cannot require credentials; their risk is automation,
          // which the rate-limit rules judge. Still listed, so a reviewer sees every open write.
          ...(entryPoint
            ? {
                severity: 'info' as const,
                detail: 'An authentication entry point: anonymous by design; make sure it is rate limited.',
              }
            : {}),
          location: specLocation(spec, operation),
        });
      }
    }

    for (const [name, scheme] of spec.securitySchemes) {
      if (scheme.value['type'] === 'apiKey' && scheme.value['in'] === 'query') {
        drafts.push({
          ruleId: CREDENTIALS_IN_QUERY.id,
          detail: `Security scheme "${name}" reads the key from query parameter "${String(scheme.value['name'])}".`,
          location: specLocation(spec, scheme),
        });
      }
    }
    const seenParams = new Set<string>();
    for (const operation of spec.operations) {
      for (const param of operation.parameters) {
        const name = String(param.value['name'] ?? '');
        if (param.value['in'] !== 'query' || !CREDENTIAL_PARAM.test(name) || seenParams.has(param.pointer)) continue;
        seenParams.add(param.pointer);
        drafts.push({
          ruleId: CREDENTIALS_IN_QUERY.id,
          detail: `Query parameter "${name}" of ${describeOperation(operation)} carries a credential.`,
          location: specLocation(spec, { pointer: param.pointer, method: operation.method }),
        });
      }
    }

    const undocumented = spec.operations.filter(
      (operation) =>
        isSecured(operation) && !['401', '403', '4XX', '4xx'].some((code) => operation.responses.has(code)),
    );
    if (undocumented.length > 0) {
      drafts.push({
        ruleId: MISSING_AUTH_ERRORS.id,
        detail: `${undocumented.length} operation(s): ${undocumented.slice(0, 10).map(describeOperation).join(', ')}${undocumented.length > 10 ? ', ...' : ''}.`,
        location: groupLocation(
          spec,
          undocumented.map((op) => ({ pointer: `${op.pointer}/responses`, method: op.method })),
        ),
      });
    }
    return drafts;
  },
};
