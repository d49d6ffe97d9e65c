import { childPointer } from '../../spec/pointer.js';
import { isObject, type JsonObject } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { groupLocation, specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const WEAK_AUTH_SCHEME: RuleMeta = {
  id: 'spec.auth.weak-scheme',
  title: 'Security scheme uses a weak authentication method',
  category: 'API2:2023',
  cweId: 'CWE-1390',
  severity: 'medium',
  description:
    'HTTP Basic sends the long-lived password with every request, Negotiate (NTLM) is open to relay attacks and OAuth 1.0 is obsolete: one leaked request or log line is a leaked account.',
  recommendation:
    'Use OAuth 2 / OpenID Connect or short-lived bearer tokens; keep Basic only for machine clients over TLS with rotated secrets.',
};

export const JWT_PRACTICES_UNDECLARED: RuleMeta = {
  id: 'spec.auth.jwt-practices-undeclared',
  title: 'Token scheme does not state JWT best practices (RFC 8725)',
  category: 'API2:2023',
  cweId: 'CWE-347',
  severity: 'info',
  description:
    'A JWT or OAuth 2 scheme whose description does not say it follows RFC 8725 leaves clients and reviewers guessing whether algorithms are pinned and "none" is refused, the usual JWT flaws.',
  recommendation:
    'Pin the accepted algorithms, refuse "none", check exp, aud and iss, and say in the scheme description that tokens follow RFC 8725.',
};

export const LONG_LIVED_TOKENS: RuleMeta = {
  id: 'spec.auth.long-lived-tokens',
  title: 'OAuth 2 flow without refresh tokens',
  category: 'API2:2023',
  cweId: 'CWE-613',
  severity: 'low',
  description:
    'A user-facing OAuth 2 flow without a refresh URL suggests long-lived access tokens: a stolen token keeps working until it expires, if ever.',
  recommendation:
    'Issue short-lived access tokens with refresh tokens (declare refreshUrl), and replace the implicit flow with authorization code + PKCE.',
};

/** HTTP auth schemes (IANA registry names) that RFCs or the OAuth BCP deprecate or that leak reusable secrets. */
const WEAK_HTTP_SCHEMES: ReadonlyMap<string, string> = new Map([
  ['basic', 'HTTP Basic'],
  ['negotiate', 'Negotiate (NTLM/Kerberos over HTTP)'],
  ['oauth', 'OAuth 1.0'],
]);
const RFC_8725 = /RFC\s*-?\s*8725/i;
const JWT_FORMAT = /^(jwt|jws|json web token)$/i;
/**
 * Flows that hand tokens to users. Client credentials is left out: the client can fetch a new token
 * at any time, and RFC 6749 (4.4.3) says that flow should not issue refresh tokens.
 */
const USER_FLOWS = ['authorizationCode', 'password', 'implicit'] as const;

export const securitySchemesRule: StaticRuleFamily = {
  name: 'security schemes',
  rules: [WEAK_AUTH_SCHEME, JWT_PRACTICES_UNDECLARED, LONG_LIVED_TOKENS],
  run(spec) {
    const drafts: FindingDraft[] = [];
    for (const [name, scheme] of spec.securitySchemes) {
      const weak = weakScheme(scheme.value);
      if (weak) {
        drafts.push({
          ruleId: WEAK_AUTH_SCHEME.id,
          title: `${WEAK_AUTH_SCHEME.title}: ${weak}`,
          detail: `Security scheme "${name}" uses ${weak}.`,
          location: specLocation(spec, scheme),
        });
      }
      if (carriesJwt(scheme.value) && !RFC_8725.test(String(scheme.value['description'] ?? ''))) {
        drafts.push({
          ruleId: JWT_PRACTICES_UNDECLARED.id,
          detail: `Security scheme "${name}" (${String(scheme.value['type'])}${scheme.value['bearerFormat'] ? `, ${String(scheme.value['bearerFormat'])}` : ''}).`,
          location: specLocation(spec, scheme),
        });
      }
      const flows = flowsWithoutRefresh(scheme.value);
      if (flows.length > 0) {
        drafts.push({
          ruleId: LONG_LIVED_TOKENS.id,
          detail: `Security scheme "${name}": ${flows.map((flow) => (flow === 'implicit' ? 'implicit (cannot refresh; deprecated by the OAuth 2.0 Security BCP)' : flow)).join(', ')}.`,
          // One finding per scheme, each flow's position in `others`.
          location: groupLocation(
            spec,
            flows.map((flow) => ({ pointer: childPointer(childPointer(scheme.pointer, 'flows'), flow) })),
          ),
        });
      }
    }
    return drafts;
  },
};

function weakScheme(scheme: JsonObject): string | undefined {
  // Swagger 2 spells Basic as its own type.
  if (scheme['type'] === 'basic') return WEAK_HTTP_SCHEMES.get('basic');
  if (scheme['type'] !== 'http' || typeof scheme['scheme'] !== 'string') return undefined;
  // Scheme names are case-insensitive (RFC 9110, 11.1).
  return WEAK_HTTP_SCHEMES.get(scheme['scheme'].trim().toLowerCase());
}

function carriesJwt(scheme: JsonObject): boolean {
  if (scheme['type'] === 'oauth2') return true;
  return typeof scheme['bearerFormat'] === 'string' && JWT_FORMAT.test(scheme['bearerFormat'].trim());
}

/** OAS 3 flows without refreshUrl; Swagger 2 cannot declare one, so it is not asked for there. */
function flowsWithoutRefresh(scheme: JsonObject): string[] {
  if (scheme['type'] !== 'oauth2' || !isObject(scheme['flows'])) return [];
  const flows = scheme['flows'];
  return USER_FLOWS.filter((flow) => {
    const settings = flows[flow];
    return isObject(settings) && !settings['refreshUrl'];
  });
}
