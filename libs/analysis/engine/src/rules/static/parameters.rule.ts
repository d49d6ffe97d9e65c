import { schemaTypes } from '../../spec/schema-walker.js';
import { isObject, type JsonObject } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { describeOperation, specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const GUESSABLE_ID: RuleMeta = {
  id: 'spec.params.guessable-id',
  title: 'Sequential numeric id in the path',
  category: 'API1:2023',
  cweId: 'CWE-639',
  severity: 'low',
  description:
    'Numeric ids can be enumerated by counting; every object is one request away if an ownership check is missing.',
  recommendation: 'Check object ownership on every access; prefer random identifiers (UUIDv4 or similar) in URLs.',
};

export const SSRF_PRONE_URL: RuleMeta = {
  id: 'spec.params.ssrf-prone-url',
  title: 'Unconstrained URL input',
  category: 'API7:2023',
  cweId: 'CWE-918',
  severity: 'medium',
  description:
    'The API takes a URL (callback, webhook, image, redirect) with no pattern or enum; if the server fetches it, callers can reach internal hosts and cloud metadata.',
  recommendation:
    'Validate URLs against an allow-list of schemes and hosts (declare a pattern), resolve and refuse private addresses before fetching, and do not follow redirects.',
};

/** `format: uri` only checks syntax, so it does not count as a constraint here; a pattern or enum does. */
export const URL_NAME =
  /(url|uri|href|link|callback|webhook|redirect|redirect[-_]?to|return[-_]?to|endpoint|proxy|feed)$/i;

export const parametersRule: StaticRuleFamily = {
  name: 'parameters',
  rules: [GUESSABLE_ID, SSRF_PRONE_URL],
  run(spec) {
    const drafts: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const operation of spec.operations) {
      for (const param of operation.parameters) {
        const name = String(param.value['name'] ?? '');
        const schema = parameterSchema(param.value);
        const types = schemaTypes(schema);
        // Shared parameters (components/parameters) are reported once, where they are defined.
        if (seen.has(param.pointer)) continue;
        seen.add(param.pointer);
        if (param.value['in'] === 'path' && (types.includes('integer') || types.includes('number'))) {
          drafts.push({
            ruleId: GUESSABLE_ID.id,
            detail: `Path parameter "${name}" of ${describeOperation(operation)} is ${types.join('/')}.`,
            location: specLocation(spec, { pointer: param.pointer, method: operation.method }),
          });
        }
        if (param.value['in'] !== 'body' && URL_NAME.test(name) && isUnconstrainedString(schema)) {
          drafts.push({
            ruleId: SSRF_PRONE_URL.id,
            detail: `${String(param.value['in'])} parameter "${name}" of ${describeOperation(operation)}.`,
            location: specLocation(spec, { pointer: param.pointer, method: operation.method }),
          });
        }
      }
    }
    for (const visit of spec.requestSchemas) {
      if (visit.name === undefined || !URL_NAME.test(visit.name) || !isUnconstrainedString(visit.value)) continue;
      drafts.push({
        ruleId: SSRF_PRONE_URL.id,
        detail: `Request body property "${visit.name}".`,
        location: specLocation(spec, visit),
      });
    }
    return drafts;
  },
};

/** OAS 3 nests the type under `schema`; Swagger 2 puts it on the parameter itself. */
function parameterSchema(param: JsonObject): JsonObject {
  return isObject(param['schema']) ? param['schema'] : param;
}

function isUnconstrainedString(schema: JsonObject): boolean {
  const types = schemaTypes(schema);
  const stringish = types.length === 0 || types.includes('string');
  return stringish && schema['pattern'] === undefined && schema['enum'] === undefined && schema['const'] === undefined;
}
