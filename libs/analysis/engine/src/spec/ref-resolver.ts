import { InvalidSpecError } from '../errors/engine.errors.js';
import { valueAt } from './pointer.js';
import { isObject, type SpecNode } from './spec-model.js';

/** A `$ref` chain longer than this is a loop (`A -> B -> A`) or an attack, not a design. */
const MAX_REF_HOPS = 32;

/**
 * Follows local `$ref`s and reports where the target lives, which is what findings point at.
 * Only `#/...` refs exist by the time this runs: the loader refuses external ones up front.
 */
export function createResolver(root: unknown): (value: unknown, pointer: string) => SpecNode | undefined {
  // Shared components are referenced thousands of times in large specs; look each target up once.
  const targets = new Map<string, { pointer: string; value: unknown }>();
  const target = (ref: string): { pointer: string; value: unknown } => {
    let found = targets.get(ref);
    if (!found) {
      const pointer = refToPointer(ref);
      found = { pointer, value: valueAt(root, pointer) };
      targets.set(ref, found);
    }
    return found;
  };
  return (value, pointer) => {
    let node = value;
    let at = pointer;
    for (let hop = 0; isObject(node) && typeof node['$ref'] === 'string'; hop++) {
      if (hop >= MAX_REF_HOPS)
        throw new InvalidSpecError(`$ref loop at ${pointer}: refs point at each other without end`);
      ({ pointer: at, value: node } = target(node['$ref']));
    }
    return isObject(node) ? { value: node, pointer: at } : undefined;
  };
}

/** `#/components/schemas/My%20Thing` to `/components/schemas/My Thing` (refs are URI fragments). */
export function refToPointer(ref: string): string {
  const fragment = ref.startsWith('#') ? ref.slice(1) : ref;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
