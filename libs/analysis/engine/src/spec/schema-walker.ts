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
  const queue: Pending[] = roots.map((root) => ({ value: root.value, pointer: root.pointer, owner: root.pointer }));
  // A read index instead of shift(): the queue of a large spec holds tens of thousands of entries.
  for (let next = 0; next < queue.length && visits.length < MAX_SCHEMA_NODES; next++) {
    const item = queue[next]!;
    const node = resolve(item.value, item.pointer);
    if (!node || seen.has(node.pointer)) continue;
    seen.add(node.pointer);
    const owner = node.pointer === item.pointer ? item.owner : node.pointer;
    const visit: SchemaVisit = { value: node.value, pointer: node.pointer, owner };
    if (item.name !== undefined) visit.name = item.name;
    visits.push(visit);
    enqueueChildren(node, owner, queue);
  }
  return visits;
}

interface Pending {
  value: unknown;
  pointer: string;
  owner: string;
  name?: string;
}

function enqueueChildren({ value, pointer }: SpecNode, owner: string, queue: Pending[]): void {
  for (const key of ['properties', 'patternProperties'] as const) {
    const props = value[key];
    if (!isObject(props)) continue;
    const base = childPointer(pointer, key);
    for (const name of Object.keys(props)) {
      queue.push({ value: props[name], pointer: childPointer(base, name), owner, name });
    }
  }
  for (const key of ['items', 'additionalProperties', 'additionalItems', 'not'] as const) {
    if (isObject(value[key])) queue.push({ value: value[key], pointer: childPointer(pointer, key), owner });
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    const base = childPointer(pointer, key);
    for (let i = 0; i < list.length; i++) queue.push({ value: list[i], pointer: childPointer(base, i), owner });
  }
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
