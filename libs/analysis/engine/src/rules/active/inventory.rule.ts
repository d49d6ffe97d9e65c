import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { LoadedSpec } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveProbeContext, ActiveRuleFamily } from './active-rule.types.js';

export const UNDECLARED_ENDPOINT: RuleMeta = {
  id: 'http.inventory.undeclared-endpoint',
  title: 'Live endpoint missing from the API documentation',
  category: 'API9:2023',
  cweId: 'CWE-1059',
  severity: 'medium',
  description:
    'The target answers on a path its OpenAPI document does not declare (an old version, a debug or management endpoint); undocumented endpoints miss reviews, patches and retirement.',
  recommendation:
    'Retire old versions and debug endpoints, or document and protect them; keep an inventory of every host, version and route that is deployed.',
};

export const UNDECLARED_METHOD: RuleMeta = {
  id: 'http.inventory.undeclared-method',
  title: 'Path serves methods its documentation does not declare',
  category: 'API9:2023',
  cweId: 'CWE-1059',
  severity: 'medium',
  description:
    'The Allow header lists methods the OpenAPI document does not declare for this path: routes nobody reviews.',
  recommendation:
    'Remove undocumented routes or declare and secure them; make the router answer 405 for everything else.',
};

const BARE_PATHS = [
  '/admin',
  '/debug',
  '/internal',
  '/actuator',
  '/actuator/env',
  '/actuator/health',
  '/metrics',
  '/console',
  '/env',
  '/config',
  '/server-status',
  '/graphql',
  '/swagger.json',
  '/api-docs',
  '/.env',
  '/heapdump',
];
const VERSION_PREFIXES = ['/v1', '/v0', '/v2', '/api/v1', '/old', '/legacy'];
const NOT_A_RESOURCE = /^(health|healthz|status|ping|docs|openapi|swagger|auth|login|logout|token|oauth|v\d+|api)$|\./i;
const LIVE = (status: number): boolean => (status >= 200 && status < 300) || [401, 403, 405].includes(status);

/**
 * Two inventory checks, both without credentials: well-known management paths and older versions
 * of declared resources (`/v1/users`) that answer although the document does not list them, and
 * methods a path's Allow header admits beyond the declared ones.
 */
export const inventoryRule: ActiveRuleFamily = {
  name: 'inventory',
  rules: [UNDECLARED_ENDPOINT, UNDECLARED_METHOD],
  async run(ctx) {
    const notFound = await ctx.session.send({ method: 'GET', path: `${ctx.basePath}/__so_probe__/does-not-exist` });
    if (!notFound) return [];
    if (notFound.response.status >= 200 && notFound.response.status < 300) {
      ctx.warn('inventory check skipped: the target answers 2xx for paths that do not exist');
      return [];
    }
    return [
      ...(ctx.isSelected(UNDECLARED_ENDPOINT.id) ? await undeclaredEndpoints(ctx, notFound.response.status) : []),
      ...(ctx.isSelected(UNDECLARED_METHOD.id) ? await undeclaredMethods(ctx) : []),
    ];
  },
};

async function undeclaredEndpoints(ctx: ActiveProbeContext, notFoundStatus: number): Promise<FindingDraft[]> {
  const declared = declaredMatcher(ctx.spec);
  const roots = [...new Set(ctx.spec.operations.map((op) => op.path.split('/').filter(Boolean)[0] ?? ''))]
    .filter((segment) => segment && !segment.startsWith('{') && !NOT_A_RESOURCE.test(segment))
    .slice(0, 5);
  const candidates = [
    ...BARE_PATHS,
    ...VERSION_PREFIXES.flatMap((prefix) => [prefix, ...roots.map((root) => `${prefix}/${root}`)]),
  ];
  const drafts: FindingDraft[] = [];
  for (const path of [...new Set(candidates)].filter((p) => !declared(p))) {
    const exchange = await ctx.session.send({ method: 'GET', path: `${ctx.basePath}${path}` });
    if (!exchange || exchange.response.status === notFoundStatus || !LIVE(exchange.response.status)) continue;
    const open = exchange.response.status < 300;
    drafts.push({
      ruleId: UNDECLARED_ENDPOINT.id,
      title: `${UNDECLARED_ENDPOINT.title}: ${path}`,
      ...(open ? { severity: 'high' as const } : {}),
      detail: `GET ${path} answered ${exchange.response.status}${open ? ' without credentials' : ''}; the document declares no such path.`,
      location: { url: exchange.request.url, method: 'GET' },
      evidence: toEvidence(exchange, ['content-type', 'www-authenticate']),
    });
  }
  return drafts;
}

async function undeclaredMethods(ctx: ActiveProbeContext): Promise<FindingDraft[]> {
  // A server that answers OPTIONS with a generic Allow for paths that do not exist tells nothing.
  const generic = await ctx.session.send({ method: 'OPTIONS', path: `${ctx.basePath}/__so_probe__/does-not-exist` });
  if (generic && allowOf(generic).size > 0 && generic.response.status < 300) return [];
  const byPath = new Map<string, Set<string>>();
  for (const op of ctx.operations) byPath.set(op.path, (byPath.get(op.path) ?? new Set()).add(op.method));
  const drafts: FindingDraft[] = [];
  for (const [path, methods] of byPath) {
    const operation = ctx.operations.find((op) => op.path === path)!;
    const request = ctx.request(operation);
    const exchange = await ctx.session.send({ method: 'OPTIONS', path: request.path });
    if (!exchange) continue;
    const extra = [...allowOf(exchange)].filter(
      (method) => !methods.has(method) && method !== 'OPTIONS' && !(method === 'HEAD' && methods.has('GET')),
    );
    if (extra.length === 0) continue;
    drafts.push({
      ruleId: UNDECLARED_METHOD.id,
      title: `${UNDECLARED_METHOD.title}: ${path} (${extra.join(', ')})`,
      detail: `Allow: ${exchange.response.headers['allow']}; declared: ${[...methods].join(', ')}.`,
      location: {
        url: exchange.request.url,
        method: 'OPTIONS',
        pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      },
      evidence: toEvidence(exchange, ['allow', 'access-control-allow-methods']),
    });
  }
  return drafts;
}

function allowOf(exchange: ProbeExchange): Set<string> {
  return new Set(
    (exchange.response.headers['allow'] ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
  );
}

/** True when a concrete path matches a declared template (`/users/{id}` matches `/users/7`). */
function declaredMatcher(spec: LoadedSpec): (path: string) => boolean {
  const patterns = spec.operations.map(
    (op) => new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}/?$`),
  );
  return (path) => patterns.some((pattern) => pattern.test(path));
}
