import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';

export const CORS_WILDCARD_WITH_CREDENTIALS: RuleMeta = {
  id: 'http.cors.wildcard-with-credentials',
  title: 'CORS allows any origin together with credentials',
  category: 'API8:2023',
  cweId: 'CWE-942',
  severity: 'high',
  description:
    'Access-Control-Allow-Origin: * combined with Access-Control-Allow-Credentials: true shows a CORS policy ' +
    'built to trust every site; one step from reflecting origins, which lets any web page read user data.',
  recommendation: 'Allow an explicit list of trusted origins, and send Allow-Credentials only for those.',
};

export const CORS_ORIGIN_REFLECTED: RuleMeta = {
  id: 'http.cors.origin-reflected-with-credentials',
  title: 'CORS reflects an arbitrary Origin with credentials allowed',
  category: 'API8:2023',
  cweId: 'CWE-942',
  severity: 'high',
  description:
    'The API echoes any Origin (or null) and allows credentials, so any web site a logged-in user visits ' +
    'can call the API as that user and read the responses.',
  recommendation: 'Compare Origin against an allow-list of exact origins; never echo it back, never allow `null`.',
};

const ATTACKER_ORIGIN = 'https://evil.example';
const RELEVANT = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
];

/**
 * Sends a foreign Origin on a normal request, then as a preflight when the normal request showed no
 * CORS headers (many APIs only answer CORS on OPTIONS), then `Origin: null` (sandboxed iframes and
 * file: pages send it, so trusting it is as bad as reflecting).
 */
export const corsRule: DynamicRuleFamily = {
  name: 'cors',
  rules: [CORS_WILDCARD_WITH_CREDENTIALS, CORS_ORIGIN_REFLECTED],
  async run({ client }) {
    const simple = await client.send({ method: 'GET', path: '', headers: { origin: ATTACKER_ORIGIN } });
    const probes = [simple];
    if (!simple.response.headers['access-control-allow-origin']) {
      probes.push(
        await client.send({
          method: 'OPTIONS',
          path: '',
          headers: {
            origin: ATTACKER_ORIGIN,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        }),
      );
    }
    const found = firstFinding(probes, ATTACKER_ORIGIN);
    if (found) return [found];
    const nullOrigin = await client.send({ method: 'GET', path: '', headers: { origin: 'null' } });
    const viaNull = firstFinding([nullOrigin], 'null');
    return viaNull ? [viaNull] : [];
  },
};

function firstFinding(exchanges: ProbeExchange[], origin: string): FindingDraft | undefined {
  for (const exchange of exchanges) {
    const h = exchange.response.headers;
    const allowOrigin = (h['access-control-allow-origin'] ?? '').trim();
    const credentials = (h['access-control-allow-credentials'] ?? '').trim().toLowerCase() === 'true';
    if (!credentials) continue;
    const location = { url: exchange.request.url, method: exchange.request.method };
    if (allowOrigin === '*') {
      return { ruleId: CORS_WILDCARD_WITH_CREDENTIALS.id, location, evidence: toEvidence(exchange, RELEVANT) };
    }
    if (allowOrigin === origin) {
      return {
        ruleId: CORS_ORIGIN_REFLECTED.id,
        detail: `Origin ${origin} was accepted with credentials.`,
        location,
        evidence: toEvidence(exchange, RELEVANT),
      };
    }
  }
  return undefined;
}
