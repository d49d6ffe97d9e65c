import { schemaTypes } from '../../spec/schema-walker.js';
import { isObject, type LoadedSpec, type SchemaVisit } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { schemaLabel } from './schema-label.js';
import { groupBy, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const UNBOUNDED_INPUT: RuleMeta = {
  id: 'spec.schema.unbounded-input',
  title: 'Request schema accepts unbounded values',
  category: 'API4:2023',
  cweId: 'CWE-770',
  severity: 'low',
  description:
    'Strings without maxLength, arrays without maxItems and numbers without maximum let one request claim unbounded memory, storage or work.',
  recommendation:
    'Give every request string a maxLength, every array a maxItems and every number a maximum, and validate requests against the schema.',
};

export const OPEN_REQUEST_OBJECT: RuleMeta = {
  id: 'spec.schema.additional-properties',
  title: 'Request object accepts undeclared properties',
  category: 'API3:2023',
  cweId: 'CWE-915',
  severity: 'low',
  description:
    'Objects that do not set additionalProperties: false accept fields the API never meant to take, the usual path to mass assignment.',
  recommendation:
    'Set additionalProperties: false (OAS 3.1: unevaluatedProperties: false) on request objects and bind only declared fields.',
};

export const PRIVILEGED_WRITABLE: RuleMeta = {
  id: 'spec.schema.privileged-property-writable',
  title: 'Privilege-bearing property writable by clients',
  category: 'API3:2023',
  cweId: 'CWE-915',
  severity: 'medium',
  description:
    'A request body may set fields like role, isAdmin or owner; if the API binds them, users can grant themselves rights or take over objects.',
  recommendation:
    'Remove these fields from request schemas (or mark them readOnly) and set them server-side from the authenticated context.',
};

/** String formats whose values are short by definition. */
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'time', 'ipv4', 'ipv6']);
const PRIVILEGED_NAME =
  /^(roles?|is[-_]?admin|admin|is[-_]?super[-_]?user|super[-_]?user|is[-_]?staff|owner|owner[-_]?id|permissions?|privileges?|scopes?|is[-_]?verified|email[-_]?verified|account[-_]?type|balance|credits?)$/i;

export const requestSchemaRule: StaticRuleFamily = {
  name: 'request schemas',
  rules: [UNBOUNDED_INPUT, OPEN_REQUEST_OBJECT, PRIVILEGED_WRITABLE],
  run(spec) {
    const inputs = spec.requestSchemas.filter((visit) => visit.value['readOnly'] !== true);
    return [
      ...perOwner(spec, UNBOUNDED_INPUT.id, inputs, unboundedReason),
      ...perOwner(spec, OPEN_REQUEST_OBJECT.id, inputs, openObjectReason),
      ...perOwner(spec, PRIVILEGED_WRITABLE.id, inputs, (visit) =>
        visit.name !== undefined && PRIVILEGED_NAME.test(visit.name) ? 'writable' : undefined,
      ),
    ];
  },
};

/** One finding per named schema, listing each offending node; shared schemas are reported once. */
function perOwner(
  spec: LoadedSpec,
  ruleId: string,
  visits: readonly SchemaVisit[],
  reason: (visit: SchemaVisit) => string | undefined,
): FindingDraft[] {
  const hits = visits.flatMap((visit) => {
    const why = reason(visit);
    return why ? [{ visit, why }] : [];
  });
  return [...groupBy(hits, (hit) => hit.visit.owner)].map(([owner, group]) => ({
    ruleId,
    detail: `In ${schemaLabel(owner)}: ${group.map(({ visit, why }) => `${visit.name ?? schemaLabel(visit.pointer)} (${why})`).join(', ')}.`,
    location: groupLocation(
      spec,
      group.map(({ visit }) => ({ pointer: visit.pointer })),
    ),
  }));
}

function unboundedReason(visit: SchemaVisit): string | undefined {
  const schema = visit.value;
  if (schema['enum'] !== undefined || schema['const'] !== undefined) return undefined;
  const types = schemaTypes(schema);
  if (types.includes('string') && schema['maxLength'] === undefined && !BOUNDED_FORMATS.has(String(schema['format']))) {
    return 'string without maxLength';
  }
  if (types.includes('array') && schema['maxItems'] === undefined) return 'array without maxItems';
  const numeric = types.includes('integer') || types.includes('number');
  if (numeric && schema['maximum'] === undefined && schema['exclusiveMaximum'] === undefined)
    return `${types.includes('integer') ? 'integer' : 'number'} without maximum`;
  return undefined;
}

function openObjectReason(visit: SchemaVisit): string | undefined {
  const schema = visit.value;
  if (!isObject(schema['properties'])) return undefined;
  if (schema['additionalProperties'] === false || schema['unevaluatedProperties'] === false) return undefined;
  return schema['additionalProperties'] === undefined ? 'additionalProperties not set' : 'additionalProperties allowed';
}
