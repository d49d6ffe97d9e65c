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
  return (value, pointer) => {
    let node = value;
    let at = pointer;
    for (let hop = 0; isObject(node) && typeof node['$ref'] === 'string'; hop++) {
      if (hop >= MAX_REF_HOPS)
        throw new InvalidSpecError(`$ref loop at ${pointer}: refs point at each other without end`);
      at = refToPointer(node['$ref']);
      node = valueAt(root, at);
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
