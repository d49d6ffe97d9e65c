import { toEvidence } from '../../http/evidence.js';
import type { RuleMeta } from '../rule.types.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';

export const VERSION_DISCLOSURE: RuleMeta = {
  id: 'http.disclosure.version-headers',
  title: 'Server or framework version disclosed in headers',
  category: 'API8:2023',
  cweId: 'CWE-200',
  severity: 'low',
  description: 'Product and version headers let attackers pick known exploits for the exact stack without probing.',
  recommendation:
    'Remove X-Powered-By and similar headers and strip the version from Server (e.g. `server_tokens off`, `app.disable("x-powered-by")`).',
};

/** Headers that name a framework whatever their value. */
const FRAMEWORK_HEADERS = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator'];

export const versionDisclosureRule: DynamicRuleFamily = {
  name: 'version disclosure',
  rules: [VERSION_DISCLOSURE],
  async run({ baseline }) {
    const exchange = await baseline();
    const h = exchange.response.headers;
    const disclosed = FRAMEWORK_HEADERS.filter((name) => h[name]);
    // `Server: nginx` alone is harmless; `nginx/1.18.0` or `Apache/2.4.41 (Ubuntu)` is the problem.
    if (/\d+\.\d+/.test(h['server'] ?? '')) disclosed.unshift('server');
    if (disclosed.length === 0) return [];
    return [
      {
        ruleId: VERSION_DISCLOSURE.id,
        detail: `Disclosed: ${disclosed.map((name) => `${name}: ${h[name]}`).join('; ')}.`,
        location: { url: exchange.request.url, method: 'GET' },
        evidence: toEvidence(exchange, disclosed),
      },
    ];
  },
};
