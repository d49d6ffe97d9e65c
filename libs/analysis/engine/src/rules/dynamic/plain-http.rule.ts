import { toEvidence } from '../../http/evidence.js';
import type { RuleMeta } from '../rule.types.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';

export const PLAIN_HTTP: RuleMeta = {
  id: 'http.transport.plain-http',
  title: 'API served over plain http',
  category: 'API8:2023',
  cweId: 'CWE-319',
  severity: 'medium',
  description: 'Tokens, credentials and data cross the network unencrypted and can be read or altered in transit.',
  recommendation: 'Serve the API only over https (TLS 1.2+) and redirect or refuse plain http.',
};

export const plainHttpRule: DynamicRuleFamily = {
  name: 'transport',
  rules: [PLAIN_HTTP],
  async run({ target, baseline }) {
    if (target.url.protocol !== 'http:') return [];
    const exchange = await baseline();
    return [
      {
        ruleId: PLAIN_HTTP.id,
        // A loopback target is a developer's local service: worth noting, not worth alarming.
        ...(target.loopback ? { severity: 'info' as const, detail: 'The target is on loopback.' } : {}),
        location: { url: exchange.request.url, method: 'GET' },
        evidence: toEvidence(exchange, ['content-type', 'location', 'strict-transport-security']),
      },
    ];
  },
};
