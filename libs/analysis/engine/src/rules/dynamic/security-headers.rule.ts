import { toEvidence } from '../../http/evidence.js';
import type { ReceivedResponse } from '../../http/probe.types.js';
import type { RuleMeta } from '../rule.types.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';

export const MISSING_SECURITY_HEADERS: RuleMeta = {
  id: 'http.headers.missing-security-headers',
  title: 'Security headers missing',
  category: 'API8:2023',
  cweId: 'CWE-693',
  severity: 'low',
  description:
    'Without these headers browsers may MIME-sniff responses, shared caches may keep private API data, ' +
    'connections can be downgraded to plain http and HTML can be framed (clickjacking).',
  recommendation:
    'Send X-Content-Type-Options: nosniff and Cache-Control: no-store on API responses, ' +
    'Strict-Transport-Security on https, and Content-Security-Policy with frame-ancestors (or X-Frame-Options) on HTML.',
};

const RELEVANT = [
  'content-type',
  'x-content-type-options',
  'cache-control',
  'strict-transport-security',
  'content-security-policy',
  'x-frame-options',
];

/**
 * One finding per URL listing every missing header: five separate findings for one proxy setting
 * would bury the real issues.
 */
export const securityHeadersRule: DynamicRuleFamily = {
  name: 'security headers',
  rules: [MISSING_SECURITY_HEADERS],
  async run({ baseline, target }) {
    const exchange = await baseline();
    const https = target.url.protocol === 'https:';
    const { missing, weighty } = missingHeaders(exchange.response, https);
    if (missing.length === 0) return [];
    return [
      {
        ruleId: MISSING_SECURITY_HEADERS.id,
        title: `Security headers missing: ${missing.join(', ')}`,
        severity: weighty ? 'medium' : 'low',
        detail: `Missing or ineffective: ${missing.join('; ')}.`,
        location: { url: exchange.request.url, method: 'GET' },
        evidence: toEvidence(exchange, RELEVANT),
      },
    ];
  },
};

/** `weighty` marks gaps with a direct attack (downgrade, clickjacking) rather than hardening. */
export function missingHeaders(response: ReceivedResponse, https: boolean): { missing: string[]; weighty: boolean } {
  const h = response.headers;
  const missing: string[] = [];
  let weighty = false;
  const html = (h['content-type'] ?? '').toLowerCase().includes('text/html');
  if ((h['x-content-type-options'] ?? '').trim().toLowerCase() !== 'nosniff')
    missing.push('X-Content-Type-Options: nosniff');
  if (!html && !/(^|[\s,])no-store($|[\s,;])/i.test(h['cache-control'] ?? '')) missing.push('Cache-Control: no-store');
  if (https && !hasHsts(h['strict-transport-security'])) {
    missing.push('Strict-Transport-Security');
    weighty = true;
  }
  if (html) {
    const csp = h['content-security-policy'];
    if (!csp) missing.push('Content-Security-Policy');
    if (!h['x-frame-options'] && !/frame-ancestors/i.test(csp ?? '')) {
      missing.push('X-Frame-Options (or CSP frame-ancestors)');
      weighty = true;
    }
  }
  return { missing, weighty };
}

function hasHsts(value: string | undefined): boolean {
  const maxAge = /max-age\s*=\s*"?(\d+)/i.exec(value ?? '');
  return maxAge !== null && Number(maxAge[1]) > 0;
}
