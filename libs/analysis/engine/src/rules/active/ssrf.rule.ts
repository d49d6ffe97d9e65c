import { toEvidence } from '../../http/evidence.js';
import type { RequestOverrides } from '../../spec/request-builder.js';
import { bodyProperties } from '../../spec/request-builder.js';
import { isObject, type SpecOperation } from '../../spec/spec-model.js';
import { URL_NAME } from '../static/parameters.rule.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { CanaryServer } from './canary-server.js';
import { describe, operationLocation, SAFE_METHODS } from './probe-helpers.js';

export const SSRF: RuleMeta = {
  id: 'http.ssrf.server-side-request',
  title: 'Server fetches URLs chosen by the caller (SSRF)',
  category: 'API7:2023',
  cweId: 'CWE-918',
  severity: 'high',
  description:
    'A URL given to the API was requested by the API server itself: callers can make it reach internal services and cloud metadata endpoints.',
  recommendation:
    'Allow-list schemes and hosts, resolve the host and refuse private, loopback and link-local addresses before connecting (and after redirects), and keep fetchers on an egress-restricted network.',
};

/** How long the canary waits for a fetch after the target answered (a refusal gets a short grace). */
const HIT_WAIT_MS = 1500;
const REFUSED_WAIT_MS = 200;

interface UrlField {
  where: 'query' | 'body';
  name: string;
}

/**
 * Puts the URL of a loopback canary the engine starts into each URL-like input and watches for the
 * target's request. Runs only against loopback targets (the canary is unreachable from anywhere
 * else, and the engine opens no listener for remote targets). Reads always, writes with deepScan.
 */
export const ssrfRule: ActiveRuleFamily = {
  name: 'server-side request forgery',
  rules: [SSRF],
  async run(ctx) {
    if (!ctx.target.loopback) return [];
    const targets = ctx.operations.flatMap((operation) => {
      if (!SAFE_METHODS.has(operation.method) && !(ctx.deepScan && ['POST', 'PUT', 'PATCH'].includes(operation.method)))
        return [];
      const fields = urlFields(ctx.spec, operation);
      return fields.length > 0 ? [{ operation, fields }] : [];
    });
    if (targets.length === 0) return [];
    const canary = await CanaryServer.start(ctx.target.family === 6 ? '::1' : '127.0.0.1');
    const drafts: FindingDraft[] = [];
    try {
      for (const { operation, fields } of targets) {
        for (const field of fields) {
          const url = canary.newUrl();
          const overrides: RequestOverrides =
            field.where === 'query' ? { query: { [field.name]: url } } : { body: { [field.name]: url } };
          const exchange = await ctx.session.send(ctx.request(operation, overrides), ctx.roleFor(operation));
          if (!exchange) continue;
          const refused = exchange.response.status >= 400 && exchange.response.status < 500;
          const hit = await canary.hitFor(url, refused ? REFUSED_WAIT_MS : HIT_WAIT_MS);
          if (!hit) continue;
          drafts.push({
            ruleId: SSRF.id,
            title: `${SSRF.title}: ${describe(operation)} (${field.where} ${field.name})`,
            detail: `The canary received ${hit.method} ${hit.path} from ${hit.remoteAddress} (user-agent ${JSON.stringify(hit.userAgent)}).`,
            location: operationLocation(exchange, operation),
            evidence: toEvidence(exchange, ['content-type']),
          });
          break;
        }
      }
    } finally {
      await canary.close();
    }
    return drafts;
  },
};

function urlFields(spec: Parameters<typeof bodyProperties>[0], operation: SpecOperation): UrlField[] {
  const fields: UrlField[] = [];
  for (const param of operation.parameters) {
    const schema = isObject(param.value['schema']) ? param.value['schema'] : param.value;
    if (param.value['in'] === 'query' && URL_NAME.test(String(param.value['name'])) && schema['enum'] === undefined) {
      fields.push({ where: 'query', name: String(param.value['name']) });
    }
  }
  if (!SAFE_METHODS.has(operation.method)) {
    for (const [name, schema] of bodyProperties(spec, operation)) {
      if (URL_NAME.test(name) && schema['enum'] === undefined && schema['type'] !== 'object')
        fields.push({ where: 'body', name });
    }
  }
  return fields.slice(0, 3);
}
