import { toEvidence } from '../../http/evidence.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { describe, isSuccess, jsonOf, operationLocation } from './probe-helpers.js';

export const UNBOUNDED_PAGE_SIZE: RuleMeta = {
  id: 'http.resource.unbounded-page-size',
  title: 'Page size is not capped',
  category: 'API4:2023',
  cweId: 'CWE-770',
  severity: 'medium',
  description:
    'Asking for 1000 items per page returned far more than a page should hold: one request can make the API read, serialize and send its whole table.',
  recommendation:
    'Cap page sizes server-side (e.g. maximum 100), declare the maximum in the spec and reject or clamp larger values.',
};

const PAGE_SIZE_PARAM = /^(limit|size|page[-_]?size|per[-_]?page|count|top|\$top|max[-_]?results|take|first|rows)$/i;
const ASKED = 1000;
/** More items than this in one page means the cap is missing or far too high. */
const TOO_MANY = 100;

/** One request per paginated read, with the page-size parameter set to 1000. */
export const pageSizeRule: ActiveRuleFamily = {
  name: 'page size',
  rules: [UNBOUNDED_PAGE_SIZE],
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    for (const operation of ctx.operations.filter((op) => op.method === 'GET')) {
      const param = operation.parameters.find(
        (p) => p.value['in'] === 'query' && PAGE_SIZE_PARAM.test(String(p.value['name'])),
      );
      if (!param) continue;
      const name = String(param.value['name']);
      const exchange = await ctx.session.send(
        ctx.request(operation, { query: { [name]: String(ASKED) } }),
        ctx.roleFor(operation),
      );
      if (!isSuccess(exchange)) continue;
      const items = countItems(jsonOf(exchange));
      // A body past the read cap is itself proof of an oversized page.
      if (!exchange.response.truncated && (items === undefined || items <= TOO_MANY)) continue;
      drafts.push({
        ruleId: UNBOUNDED_PAGE_SIZE.id,
        title: `${UNBOUNDED_PAGE_SIZE.title}: ${describe(operation)} (${name})`,
        detail: exchange.response.truncated
          ? `${name}=${ASKED} returned a body larger than the scanner reads (64 KB).`
          : `${name}=${ASKED} returned ${items} items.`,
        location: operationLocation(exchange, operation),
        evidence: toEvidence(exchange, ['content-type', 'content-length']),
      });
    }
    return drafts;
  },
};

/** Items of a list response: a top-level array or the largest array property of an envelope. */
function countItems(json: unknown): number | undefined {
  if (Array.isArray(json)) return json.length;
  if (typeof json !== 'object' || json === null) return undefined;
  const arrays = Object.values(json).filter(Array.isArray);
  return arrays.length > 0 ? Math.max(...arrays.map((a) => a.length)) : undefined;
}
