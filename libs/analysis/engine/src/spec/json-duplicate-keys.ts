const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export interface DuplicateKey {
  key: string;
  /** Offset of the second occurrence's opening quote. */
  offset: number;
}

/**
 * The first object key that appears twice in one object of JSON text that `JSON.parse` accepted
 * (which silently keeps the last). Tools disagree on which value wins, so a document with duplicates
 * means different things to the gateway in front of an API, its validator and this audit.
 *
 * Cheap when there are none, which is nearly always: the keys in the text are counted quote to quote
 * and compared with the keys of the parsed tree; only a difference pays for the exact scan.
 */
export function findDuplicateKey(text: string, parsed: unknown): DuplicateKey | undefined {
  if (keysInText(text) === keysInTree(parsed)) return undefined;
  return firstDuplicate(text);
}

/** End of the string whose opening quote is at `open`: the offset of its closing quote. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  for (;;) {
    if (close === -1) return text.length; // unterminated: not JSON that JSON.parse accepted
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
}

/** True when the string ending at `close` is a key: the next character that is not white space is `:`. */
function isKey(text: string, close: number): boolean {
  let next = close + 1;
  let c = text.charCodeAt(next);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++next);
  return c === COLON;
}

function keysInText(text: string): number {
  let count = 0;
  for (let open = text.indexOf('"'); open !== -1; ) {
    const close = stringEnd(text, open);
    if (isKey(text, close)) count++;
    open = text.indexOf('"', close + 1);
  }
  return count;
}

function keysInTree(root: unknown): number {
  let count = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    const keys = Object.keys(node);
    count += keys.length;
    for (const key of keys) {
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return count;
}

/** The exact scan: one set of seen keys per open object; `"a"` and `"\u0061"` are the same key. */
function firstDuplicate(text: string): DuplicateKey | undefined {
  const open: Array<Set<string> | undefined> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT) open.push(new Set());
    else if (c === OPEN_ARRAY) open.push(undefined);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) open.pop();
    else if (c === QUOTE) {
      const close = stringEnd(text, i);
      const keys = open.at(-1);
      if (keys && isKey(text, close)) {
        const raw = text.slice(i + 1, close);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (keys.has(key)) return { key, offset: i };
        keys.add(key);
      }
      i = close;
    }
  }
  return undefined;
}
