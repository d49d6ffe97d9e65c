import { pointerSegments } from '../../spec/pointer.js';

/** `User` for `/components/schemas/User` or `/definitions/User`, otherwise the pointer itself. */
export function schemaLabel(pointer: string): string {
  const segments = pointerSegments(pointer);
  const named = segments.length === 3 && (segments[1] === 'schemas' || segments[0] === 'definitions');
  if (named || (segments.length === 2 && segments[0] === 'definitions')) return segments.at(-1) ?? pointer;
  return pointer;
}
