import type { FindingLocation } from '../../engine.types.js';
import type { LoadedSpec } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';

/** Rules that read the spec only; synchronous because the model is already in memory. */
export interface StaticRuleFamily {
  name: string;
  rules: readonly RuleMeta[];
  run(spec: LoadedSpec): FindingDraft[];
}

/** Findings list this many extra places at most; the detail says how many there were. */
const MAX_OTHERS = 100;

export interface SpecPlace {
  pointer: string;
  method?: string;
}

export function specLocation(spec: LoadedSpec, place: SpecPlace): Omit<FindingLocation, 'others'> {
  const position = spec.locate(place.pointer);
  return {
    pointer: place.pointer,
    ...(place.method ? { method: place.method } : {}),
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}

/** One location for a group of places: the first, with the rest as `others`. */
export function groupLocation(spec: LoadedSpec, places: readonly SpecPlace[]): FindingLocation {
  const [first, ...rest] = places;
  if (!first) throw new Error('groupLocation needs at least one place');
  const others = rest.slice(0, MAX_OTHERS).map((place) => specLocation(spec, place));
  return { ...specLocation(spec, first), ...(others.length > 0 ? { others } : {}) };
}

/** Groups items by a key, keeping first-seen order so findings come out in spec order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** `GET /users/{id}` for messages. */
export function describeOperation(operation: { method: string; path: string }): string {
  return `${operation.method} ${operation.path}`;
}
