/** RFC 6901 JSON pointer helpers. */
export function childPointer(parent: string, key: string | number): string {
  const text = String(key);
  // Most keys need no escaping; skip the two replaces for them (this runs for every node indexed).
  if (!text.includes('~') && !text.includes('/')) return `${parent}/${text}`;
  return `${parent}/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follows a local pointer (`#/components/schemas/User`) through plain JS data. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
