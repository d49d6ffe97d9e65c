import { childPointer, pointerSegments } from '../../spec/pointer.js';
import { schemaTypes, walkSchemas } from '../../spec/schema-walker.js';
import {
  isObject,
  type LoadedSpec,
  type SchemaVisit,
  type SpecNode,
  type SpecOperation,
} from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { nameList } from './operation-summary.js';
import { schemaLabel } from './schema-label.js';
import { describeOperation, groupBy, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const UNRESTRICTED_STRING: RuleMeta = {
  id: 'spec.schema.unrestricted-string',
  title: 'Request strings accept any content',
  category: 'API4:2023',
  cweId: 'CWE-20',
  severity: 'info',
  description:
    'Request strings with no format, pattern, enum or const accept any characters, so nothing in the contract stops markup, control characters or query syntax from reaching the code behind it.',
  recommendation:
    'Give each request string a format (uuid, email, date-time, uri), a pattern or an enum; keep free text to the fields that need it.',
};

export const INTEGER_WITHOUT_FORMAT: RuleMeta = {
  id: 'spec.schema.integer-without-format',
  title: 'Request integers without a declared width',
  category: 'API4:2023',
  cweId: 'CWE-190',
  severity: 'info',
  description:
    'Request integers with neither format int32/int64 nor both bounds leave the accepted range to each implementation; values past the width of the code behind it overflow or get truncated.',
  recommendation:
    'Declare format int32 or int64 on each request integer (and minimum/maximum where the domain is smaller).',
};

/** Integer formats of the OpenAPI format registry: each fixes the width. */
const INTEGER_FORMATS = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

interface Hit {
  ruleId: string;
  visit: SchemaVisit;
  why: string;
  /** What the finding groups by: a named schema, a request body, or all parameters of the spec. */
  group: string;
  groupLabel: string;
  /** The field as the detail names it: `email`, `tags[]`, `limit in GET /users`. */
  label: string;
}

/** Parameters are few per operation, so all of them share one finding per rule instead of one per operation. */
const PARAMETERS = 'parameters';

/**
 * Request bodies (the model's request schema index) and parameters: the inputs. Response schemas are
 * the server's own output, so constraining them adds noise, not safety. One finding per rule and
 * named schema (or body), one for all parameters; each schema node is judged once.
 */
export const requestValuesRule: StaticRuleFamily = {
  name: 'request values',
  rules: [UNRESTRICTED_STRING, INTEGER_WITHOUT_FORMAT],
  run(spec) {
    const hits: Hit[] = [];
    const seen = new Set<string>();
    const judge = (visit: SchemaVisit, group: string, groupLabel: string, label: string): void => {
      if (seen.has(visit.pointer) || visit.value['readOnly'] === true) return;
      seen.add(visit.pointer);
      const string = stringGap(visit);
      if (string) hits.push({ ruleId: UNRESTRICTED_STRING.id, visit, why: string, group, groupLabel, label });
      const integer = integerGap(visit);
      if (integer) hits.push({ ruleId: INTEGER_WITHOUT_FORMAT.id, visit, why: integer, group, groupLabel, label });
    };
    for (const visit of spec.requestSchemas) judge(visit, visit.owner, schemaLabel(visit.owner), fieldLabel(visit));
    // One walk for all parameters, so a named schema that many parameters use is walked once.
    const parameters = new Map(parameterSchemas(spec).map((input) => [input.root.pointer, input]));
    for (const visit of walkSchemas(
      [...parameters.values()].map((input) => input.root),
      spec.resolve,
    )) {
      const parameter = parameters.get(visit.owner);
      if (parameter) {
        const field = `${parameter.name}${innerPath(visit.pointer, parameter.root.pointer)}`;
        judge(visit, PARAMETERS, PARAMETERS, `${field} in ${parameter.where}`);
      } else {
        // A parameter whose schema is a named schema groups under that schema, like a body would.
        judge(visit, visit.owner, schemaLabel(visit.owner), fieldLabel(visit));
      }
    }
    return [UNRESTRICTED_STRING.id, INTEGER_WITHOUT_FORMAT.id].flatMap((ruleId) =>
      [
        ...groupBy(
          hits.filter((hit) => hit.ruleId === ruleId),
          (hit) => hit.group,
        ),
      ].map(([, group]): FindingDraft => ({
        ruleId,
        detail: `In ${group[0]!.groupLabel}: ${nameList(group.map(({ label, why }) => `${label} (${why})`))}.`,
        location: groupLocation(
          spec,
          group.map(({ visit }) => ({ pointer: visit.pointer })),
        ),
      })),
    );
  },
};

/** `email`, or `tags[]` for array items: the node's path inside its owner, without schema keywords. */
function fieldLabel(visit: SchemaVisit): string {
  if (visit.name !== undefined) return visit.name;
  return innerPath(visit.pointer, visit.owner).replace(/^\./, '') || schemaLabel(visit.pointer);
}

/** `.address.city`, `[]`: where `pointer` sits inside `owner`; empty when it is not inside. */
function innerPath(pointer: string, owner: string): string {
  if (!pointer.startsWith(`${owner}/`)) return '';
  return pointerSegments(pointer.slice(owner.length))
    .filter((segment) => segment !== 'properties')
    .map((segment) => (segment === 'items' ? '[]' : `.${segment}`))
    .join('');
}

function stringGap({ value }: SchemaVisit): string | undefined {
  if (!schemaTypes(value).includes('string')) return undefined;
  const restricted = ['format', 'pattern', 'enum', 'const'].some((key) => value[key] !== undefined);
  return restricted ? undefined : 'string without format, pattern or enum';
}

function integerGap({ value }: SchemaVisit): string | undefined {
  if (!schemaTypes(value).includes('integer')) return undefined;
  if (INTEGER_FORMATS.has(String(value['format']))) return undefined;
  if (value['enum'] !== undefined || value['const'] !== undefined) return undefined;
  const bounded =
    (value['minimum'] !== undefined || value['exclusiveMinimum'] !== undefined) &&
    (value['maximum'] !== undefined || value['exclusiveMaximum'] !== undefined);
  if (bounded) return undefined;
  return value['format'] === undefined ? 'integer without format' : `format ${String(value['format'])} is not a width`;
}

interface ParameterInput {
  root: SpecNode;
  name: string;
  /** `GET /users`, `/users/{id}` (path-level) or the shared parameter's pointer. */
  where: string;
}

/** Each distinct parameter once: shared ones (components, Swagger 2 `parameters`) where they are defined. */
function parameterSchemas(spec: LoadedSpec): ParameterInput[] {
  const out: ParameterInput[] = [];
  const seen = new Set<string>();
  for (const operation of spec.operations) {
    for (const param of operation.parameters) {
      if (param.value['in'] === 'body' || seen.has(param.pointer)) continue;
      seen.add(param.pointer);
      // OAS 3 nests the schema; Swagger 2 writes type, format and items on the parameter itself.
      const root = isObject(param.value['schema'])
        ? { value: param.value['schema'], pointer: childPointer(param.pointer, 'schema') }
        : param;
      out.push({ root, name: String(param.value['name'] ?? ''), where: parameterPlace(param.pointer, operation) });
    }
  }
  return out;
}

function parameterPlace(pointer: string, operation: SpecOperation): string {
  if (pointer.startsWith(`${operation.pointer}/`)) return describeOperation(operation);
  if (pointerSegments(pointer)[0] === 'paths') return operation.path;
  return pointer;
}
