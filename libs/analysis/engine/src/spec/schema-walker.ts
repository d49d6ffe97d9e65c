import { childPointer } from './pointer.js';
import { isObject, type SchemaVisit, type SpecNode } from './spec-model.js';

type Resolve = (value: unknown, pointer: string) => SpecNode | undefined;

/** Caps the work a hostile spec can cause; real request schemas stay far below. */
const MAX_SCHEMA_NODES = 50_000;

/**
 * Visits every schema reachable from `roots` once, following local refs, so recursive schemas
 * (a tree of `Node`s) terminate. Each visit carries its owner: the named schema it was defined in,
 * which rules use to group findings ("User: 5 unbounded fields") instead of repeating them per use.
 */
export function walkSchemas(roots: readonly SpecNode[], resolve: Resolve): SchemaVisit[] {
  const visits: SchemaVisit[] = [];
  const seen = new Set<string>();
  const queue: Array<{ value: unknown; pointer: string; owner: string; name?: string }> = roots.map((root) => ({
    ...root,
    owner: root.pointer,
  }));
  while (queue.length > 0 && visits.length < MAX_SCHEMA_NODES) {
    const item = queue.shift()!;
    const node = resolve(item.value, item.pointer);
    if (!node || seen.has(node.pointer)) continue;
    seen.add(node.pointer);
    const owner = node.pointer === item.pointer ? item.owner : node.pointer;
    visits.push({ ...node, owner, ...(item.name !== undefined ? { name: item.name } : {}) });
    for (const child of children(node)) queue.push({ ...child, owner });
  }
  return visits;
}

function children({ value, pointer }: SpecNode): Array<{ value: unknown; pointer: string; name?: string }> {
  const out: Array<{ value: unknown; pointer: string; name?: string }> = [];
  for (const key of ['properties', 'patternProperties'] as const) {
    const props = value[key];
    if (!isObject(props)) continue;
    const base = childPointer(pointer, key);
    for (const [name, schema] of Object.entries(props))
      out.push({ value: schema, pointer: childPointer(base, name), name });
  }
  for (const key of ['items', 'additionalProperties', 'additionalItems', 'not'] as const) {
    if (isObject(value[key])) out.push({ value: value[key], pointer: childPointer(pointer, key) });
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const) {
    const list = value[key];
    if (Array.isArray(list))
      list.forEach((schema, i) => out.push({ value: schema, pointer: childPointer(childPointer(pointer, key), i) }));
  }
  return out;
}

/** `type` as a list: OAS 3.1 allows `['string', 'null']`, older specs imply object from `properties`. */
export function schemaTypes(schema: Record<string, unknown>): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if (isObject(schema['properties'])) return ['object'];
  if (isObject(schema['items'])) return ['array'];
  return [];
}
