import { toEvidence } from '../../http/evidence.js';
import type { ProbeRequest } from '../../http/probe.types.js';
import type { RuleMeta } from '../rule.types.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';
import { findErrorSignature } from './error-signatures.js';

export const VERBOSE_ERRORS: RuleMeta = {
  id: 'http.errors.verbose-error',
  title: 'Error responses leak stack traces or database errors',
  category: 'API8:2023',
  cweId: 'CWE-209',
  severity: 'medium',
  description:
    'Stack traces and SQL errors reveal file paths, frameworks, queries and schema, and often show where injection works.',
  recommendation:
    'Return a generic problem+json body with an error id, log the details server-side, and run production with debug off.',
};

/**
 * Fixed probe paths (not random) so the finding's fingerprint stays the same between runs. The
 * query mixes quotes, a broken percent escape and operator-style keys that trip naive parsers.
 */
const PROBES: readonly ProbeRequest[] = [
  { method: 'GET', path: '/__so_probe__/does-not-exist' },
  { method: 'GET', path: '?id=%27%22%5C&sort=%ZZ&limit=-1&filter[$where]=1&page[]=x' },
];

const DEEP_PROBES: readonly ProbeRequest[] = [
  { method: 'POST', path: '', headers: { 'content-type': 'application/json' }, body: '{"id": 1,' },
];

/** One finding per target; other probes that leaked too are listed as extra locations. */
export const verboseErrorsRule: DynamicRuleFamily = {
  name: 'verbose errors',
  rules: [VERBOSE_ERRORS],
  async run({ client, deepScan }) {
    const requests = deepScan ? [...PROBES, ...DEEP_PROBES] : PROBES;
    const leaks = [];
    for (const request of requests) {
      // A probe the server drops (reset, timeout) says nothing about error verbosity; try the next.
      const exchange = await client.trySend(request);
      if (!exchange) continue;
      const signature = findErrorSignature(exchange.response.body);
      if (signature) leaks.push({ exchange, signature });
    }
    const [first, ...rest] = leaks;
    if (!first) return [];
    return [
      {
        ruleId: VERBOSE_ERRORS.id,
        title: `Error responses leak a ${first.signature.kind} (${first.signature.name})`,
        detail: `Found: ${JSON.stringify(first.signature.excerpt)}.`,
        location: {
          url: first.exchange.request.url,
          method: first.exchange.request.method,
          ...(rest.length > 0
            ? { others: rest.map(({ exchange }) => ({ url: exchange.request.url, method: exchange.request.method })) }
            : {}),
        },
        evidence: toEvidence(first.exchange, ['content-type']),
      },
    ];
  },
};
