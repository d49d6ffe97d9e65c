import { EVENT_TYPES } from '@so/contracts';

/**
 * How `endpoints.event_types` is read: each entry is an exact catalogue type, `<prefix>.*`
 * (every type under that prefix) or `*`. Matching is done in SQL with the array-overlap operator
 * against the patterns that would select a given type, so it can use the GIN index.
 */
export function eventTypePatternsFor(type: string): string[] {
  const segments = type.split('.');
  const patterns = [type];
  for (let i = segments.length - 1; i >= 1; i--) patterns.push(`${segments.slice(0, i).join('.')}.*`);
  patterns.push('*');
  return patterns;
}

/** True for a catalogue type, `*`, or a `prefix.*` wildcard that selects at least one catalogue type. */
export function isValidEventTypePattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if ((EVENT_TYPES as readonly string[]).includes(pattern)) return true;
  if (!pattern.endsWith('.*') || pattern.length < 3) return false;
  const prefix = pattern.slice(0, -1);
  return EVENT_TYPES.some((type) => type.startsWith(prefix));
}
