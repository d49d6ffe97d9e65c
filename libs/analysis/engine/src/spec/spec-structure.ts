import { isObject, type JsonObject, type SpecNode, type SpecOperation } from './spec-model.js';

/** The first few complaints say what is wrong; a count stands in for the rest. */
const MAX_LISTED = 5;

const PARAMETER_LOCATIONS: Record<'2' | '3', ReadonlySet<string>> = {
  '2': new Set(['query', 'header', 'path', 'formData', 'body']),
  '3': new Set(['query', 'header', 'path', 'cookie']),
};

export interface StructureInput {
  version: string;
  raw: JsonObject;
  operations: readonly SpecOperation[];
  securitySchemes: ReadonlyMap<string, SpecNode>;
}

/**
 * The structural mistakes that make a spec misleading to clients and to this audit: missing
 * required fields, parameters that cannot be sent, operation ids used twice. Reported as warnings,
 * because real specs are often slightly off and are still worth auditing. Reads the operation model
 * (refs already followed), so it costs a pass over operations, not over the document.
 */
export function structureWarnings(spec: StructureInput): string[] {
  const problems: string[] = [];
  const major = spec.version.startsWith('2') ? '2' : '3';
  const info = spec.raw['info'];
  if (!isObject(info)) problems.push('/info: "info" is required');
  else {
    for (const field of ['title', 'version']) {
      if (typeof info[field] !== 'string') problems.push(`/info: "${field}" is required and must be a string`);
    }
  }

  const checked = new Set<string>();
  const operationIds = new Map<string, SpecOperation[]>();
  // OAS 3.1 made `responses` optional; 2.0 and 3.0 require it.
  const responsesRequired = !spec.version.startsWith('3.1');
  for (const operation of spec.operations) {
    const id = operation.value['operationId'];
    if (typeof id === 'string') {
      const sharing = operationIds.get(id);
      if (sharing) sharing.push(operation);
      else operationIds.set(id, [operation]);
    }
    if (operation.value['responses'] === undefined) {
      if (responsesRequired) problems.push(`${operation.pointer}: "responses" is required`);
    } else if (!isObject(operation.value['responses'])) {
      problems.push(`${operation.pointer}/responses: must be an object`);
    }
    for (const response of operation.responses.values()) {
      if (checked.has(response.pointer)) continue;
      checked.add(response.pointer);
      if (typeof response.value['description'] !== 'string')
        problems.push(`${response.pointer}: "description" is required`);
    }
    for (const parameter of operation.parameters) {
      if (checked.has(parameter.pointer)) continue;
      checked.add(parameter.pointer);
      problems.push(...parameterProblems(parameter, major));
    }
  }
  for (const [id, operations] of operationIds) {
    if (operations.length > 1) {
      problems.push(
        `operationId "${id}" is used by ${operations.length} operations (${operations.map((op) => `${op.method} ${op.path}`).join(', ')}); it must be unique`,
      );
    }
  }
  for (const [name, scheme] of spec.securitySchemes) {
    if (typeof scheme.value['type'] !== 'string')
      problems.push(`${scheme.pointer}: security scheme "${name}" has no "type"`);
  }

  const listed = problems.slice(0, MAX_LISTED).map((problem) => `spec validation: ${problem}`);
  const more = problems.length - listed.length;
  return more > 0 ? [...listed, `spec validation: ${more} more errors`] : listed;
}

function parameterProblems({ value, pointer }: SpecNode, major: '2' | '3'): string[] {
  const problems: string[] = [];
  const location = value['in'];
  if (typeof value['name'] !== 'string') problems.push(`${pointer}: "name" is required`);
  if (typeof location !== 'string') problems.push(`${pointer}: "in" is required`);
  else if (!PARAMETER_LOCATIONS[major].has(location)) {
    problems.push(`${pointer}: "in" must be one of ${[...PARAMETER_LOCATIONS[major]].join(', ')}`);
  }
  if (location === 'path' && value['required'] !== true)
    problems.push(`${pointer}: path parameters need "required": true`);
  if (major === '3' && value['schema'] === undefined && value['content'] === undefined) {
    problems.push(`${pointer}: needs "schema" or "content"`);
  }
  if (major === '2') {
    if (location === 'body' && value['schema'] === undefined)
      problems.push(`${pointer}: body parameters need "schema"`);
    if (location !== 'body' && value['type'] === undefined) problems.push(`${pointer}: "type" is required`);
  }
  return problems;
}
