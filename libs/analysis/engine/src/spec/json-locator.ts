import { pointerSegments } from './pointer.js';
import type { SourcePosition } from './source-lines.js';

/** Where a member is reported (its key, or an array item's value) and where its value starts. */
interface Member {
  at: number;
  value: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Finds where a JSON pointer's key (or array item) starts in JSON text that `JSON.parse` already
 * accepted. Only the containers on the way to a requested pointer are scanned, each once: an audit
 * asks for the positions of its findings, a small part of a large document. A pointer that goes
 * further than the text (`.../responses` on an operation without responses) gets the position of
 * its deepest existing ancestor.
 */
export function createJsonLocator(
  text: string,
  position: (offset: number) => SourcePosition,
): (pointer: string) => SourcePosition {
  const members = new Map<number, Map<string, Member>>();
  const membersOf = (offset: number): Map<string, Member> | undefined => {
    let found = members.get(offset);
    if (!found) {
      const c = text.charCodeAt(offset);
      if (c === OPEN_OBJECT) found = objectMembers(text, offset);
      else if (c === OPEN_ARRAY) found = arrayMembers(text, offset);
      else return undefined;
      members.set(offset, found);
    }
    return found;
  };
  const root = skipSpace(text, 0);
  return (pointer) => {
    let at = root;
    let value = root;
    for (const segment of pointerSegments(pointer)) {
      const member = membersOf(value)?.get(segment);
      if (!member) break;
      ({ at, value } = member);
    }
    return position(at);
  };
}

function objectMembers(text: string, open: number): Map<string, Member> {
  const found = new Map<string, Member>();
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_OBJECT) return found;
  for (;;) {
    const keyEnd = skipString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    // After the key: optional space, the colon, optional space, the value.
    const value = skipSpace(text, skipSpace(text, keyEnd) + 1);
    // Duplicate keys: JSON.parse keeps the last one, so the position does too.
    found.set(key, { at: i, value });
    i = skipSpace(text, skipValue(text, value));
    if (text.charCodeAt(i) !== COMMA) return found;
    i = skipSpace(text, i + 1);
  }
}

function arrayMembers(text: string, open: number): Map<string, Member> {
  const found = new Map<string, Member>();
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_ARRAY) return found;
  for (let index = 0; ; index++) {
    found.set(String(index), { at: i, value: i });
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) return found;
    i = skipSpace(text, i + 1);
  }
}

/** Offset just after the value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = skipString(text, j) - 1;
      else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return j + 1;
    }
    return text.length;
  }
  // A number, true, false or null: runs until a delimiter.
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) break;
    j++;
  }
  return j;
}

/** Offset just after the closing quote of the string whose opening quote is at `i`. */
function skipString(text: string, i: number): number {
  for (let j = text.indexOf('"', i + 1); j !== -1; j = text.indexOf('"', j + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
