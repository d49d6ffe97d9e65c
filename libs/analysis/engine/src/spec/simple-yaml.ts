import { pointerSegments } from './pointer.js';
import { createLineIndex } from './source-lines.js';
import type { ParsedSpecText } from './spec-text.js';

/** Thrown inside the reader when the text leaves the subset; the caller then uses the full YAML parser. */
class OutsideSubset extends Error {}

/** Same bound as for flow brackets; deeper documents go to the full parser, which refuses them. */
const MAX_BLOCK_DEPTH = 256;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters a plain scalar may not start with in this subset (YAML indicators). */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`');
const FLOW_STOP = new Set(',[]{}');

/**
 * Reads the YAML most OpenAPI documents are written in (block mappings and sequences, plain and
 * quoted one-line scalars, literal and folded block scalars, one-line flow collections, comments)
 * in one pass over the lines, with the same values as the full YAML parser (YAML 1.2 core schema)
 * and the offset of every key and item. Returns undefined for anything else (anchors, aliases,
 * tags, multi-line plain or flow scalars, tabs, CRLF, duplicate keys, several documents, ...): the
 * full parser then reads the text, and reports the errors. Loading that parser costs more than
 * reading a typical spec, so most YAML specs never pay for it.
 */
export function readSimpleYaml(text: string): ParsedSpecText | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const reader = new SimpleYamlReader(text);
    const { value, rootOffset } = reader.readDocument();
    const offsets = reader.offsets;
    const position = createLineIndex(text);
    return {
      value,
      mayShareNodes: false,
      locate: (pointer) => {
        let at = rootOffset;
        let node: unknown = value;
        for (const segment of pointerSegments(pointer)) {
          const member = typeof node === 'object' && node !== null ? offsets.get(node)?.get(segment) : undefined;
          if (member === undefined) break;
          at = member;
          node = (node as Record<string, unknown>)[segment];
        }
        return position(at);
      },
    };
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class SimpleYamlReader {
  /** Per container: member key (array index as a string) to the offset of its key or item. */
  readonly offsets = new Map<object, Map<string, number>>();
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Column where the current line's content starts; moved right for `- key: value` entries. */
  private readonly columns: number[] = [];
  private line = 0;

  constructor(private readonly text: string) {
    // One entry per line; the empty string after a final newline is not a line.
    for (let start = 0; ;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      let column = 0;
      while (text.charCodeAt(start + column) === 0x20) column++;
      this.starts.push(start);
      this.ends.push(end);
      this.columns.push(Math.min(column, end - start));
      if (newline === -1 || newline + 1 === text.length) break;
      start = newline + 1;
    }
  }

  readDocument(): { value: unknown; rootOffset: number } {
    this.skipBlank();
    if (this.line < this.starts.length && this.text.charCodeAt(this.contentAt()) === 0x25) fail(); // %YAML directive
    if (this.line < this.starts.length && /^---(?: +#.*)?$/.test(this.restOfLine(this.contentAt()))) {
      this.line++;
      this.skipBlank();
    }
    if (this.line >= this.starts.length) fail();
    const rootOffset = this.contentAt();
    const value = this.readNode(0, 0);
    this.skipBlank();
    if (this.line < this.starts.length) fail(); // a second document, `...`, or text the reader did not place
    return { value, rootOffset };
  }

  /** A block node starting on the current line at column `>= minColumn`. */
  private readNode(minColumn: number, depth: number): unknown {
    this.skipBlank();
    if (this.line >= this.starts.length) return null;
    const column = this.columns[this.line]!;
    if (column < minColumn) return null;
    const at = this.contentAt();
    if (this.isSequenceEntry(at)) return this.readSequence(column, depth + 1);
    if (this.keyAt(at)) return this.readMapping(column, depth + 1);
    // A scalar (or one-line flow collection) below its key: `description:\n  Some text`.
    return this.readValue(at, minColumn - 1, depth, false);
  }

  private readMapping(column: number, depth: number): Record<string, unknown> {
    if (depth > MAX_BLOCK_DEPTH) fail();
    const map: Record<string, unknown> = {};
    const members = new Map<string, number>();
    this.offsets.set(map, members);
    for (;;) {
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const lineColumn = this.columns[this.line]!;
      if (lineColumn < column) break;
      if (lineColumn > column) fail();
      const at = this.contentAt();
      const key = this.keyAt(at) ?? fail();
      if (key.name === '__proto__' || members.has(key.name)) fail();
      members.set(key.name, at);
      map[key.name] = this.readValue(key.end, column, depth, true);
    }
    return map;
  }

  private readSequence(column: number, depth: number): unknown[] {
    if (depth > MAX_BLOCK_DEPTH) fail();
    const list: unknown[] = [];
    const members = new Map<string, number>();
    this.offsets.set(list, members);
    for (;;) {
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const lineColumn = this.columns[this.line]!;
      if (lineColumn < column) break;
      if (lineColumn > column) fail();
      const dash = this.contentAt();
      // An indentless sequence ends where its parent mapping's next key starts.
      if (!this.isSequenceEntry(dash)) break;
      const at = this.skipSpaces(dash + 1);
      const end = this.ends[this.line]!;
      if (at === end || this.text.charCodeAt(at) === 0x23) {
        // `-` alone: the item starts on a later line.
        this.line++;
        this.skipBlank();
        if (this.line >= this.starts.length || this.columns[this.line]! <= column) fail();
        members.set(String(list.length), this.contentAt());
        list.push(this.readNode(column + 1, depth));
        continue;
      }
      members.set(String(list.length), at);
      if (this.keyAt(at) || this.isSequenceEntry(at)) {
        // `- key: value` / `- - item`: the entry is a block node whose column is where it starts.
        this.columns[this.line] = at - this.starts[this.line]!;
        list.push(this.readNode(this.columns[this.line]!, depth));
      } else {
        list.push(this.readValue(at, column, depth, false));
      }
    }
    return list;
  }

  /**
   * The value after `key:` or `- ` at `from` on the current line, owned by a node at `column`.
   * Leaves the reader on the line after the value.
   */
  private readValue(from: number, column: number, depth: number, inMapping: boolean): unknown {
    const at = this.skipSpaces(from);
    const end = this.ends[this.line]!;
    if (at === end || this.text.charCodeAt(at) === 0x23) {
      this.line++;
      this.skipBlank();
      if (this.line >= this.starts.length) return null;
      const next = this.columns[this.line]!;
      if (next > column) return this.readNode(column + 1, depth);
      if (inMapping && next === column && this.isSequenceEntry(this.contentAt())) {
        return this.readSequence(column, depth + 1);
      }
      return null;
    }
    const c = this.text[at]!;
    let value: unknown;
    let after: number;
    if (c === '|' || c === '>') return this.readBlockScalar(at, column);
    if (c === '[' || c === '{') [value, after] = this.readFlow(at, depth);
    else if (c === '"' || c === "'") [value, after] = this.readQuoted(at, column);
    else return this.readPlain(at, column);
    this.expectLineEnd(after);
    this.line++;
    // A more indented line after a one-line value continues it (multi-line scalar): not in the subset.
    this.skipBlank();
    if (this.line < this.starts.length && this.columns[this.line]! > column) fail();
    return value;
  }

  /**
   * A plain scalar in block context; it may go on over more indented lines, which fold into one
   * line (an empty line in between keeps a line break). Leaves the reader on the line after it.
   */
  private readPlain(at: number, column: number): unknown {
    if (!this.startsPlain(at)) fail();
    let text = this.plainPiece(at, this.ends[this.line]!);
    let commented = this.skipSpaces(at + text.length) !== this.ends[this.line];
    let breaks = 0;
    for (this.line++; this.line < this.starts.length; this.line++) {
      const start = this.starts[this.line]!;
      const end = this.ends[this.line]!;
      const lineColumn = this.columns[this.line]!;
      if (lineColumn === end - start) {
        breaks++;
        continue;
      }
      if (lineColumn <= column) break;
      const first = start + lineColumn;
      if (this.text[first] === '#') {
        commented = true;
        continue;
      }
      // A comment ends the scalar, so more text after one is an error; `- ` lines are left to the full parser.
      if (commented || this.isSequenceEntry(first)) fail();
      const piece = this.plainPiece(first, end);
      commented = this.skipSpaces(first + piece.length) !== end;
      text += (breaks > 0 ? '\n'.repeat(breaks) : ' ') + piece;
      breaks = 0;
    }
    return resolvePlain(text);
  }

  /** The plain text from `at` up to a comment or the line end; `: ` inside it is not plain (nested mapping). */
  private plainPiece(at: number, end: number): string {
    const piece = this.plainUntilComment(at, end);
    if (piece.includes(': ') || piece.endsWith(':')) fail();
    return piece;
  }

  private readBlockScalar(at: number, column: number): string {
    const header = /^([|>])([-+]?) *(?:#.*)?$/.exec(this.restOfLine(at)) ?? fail();
    const [, style, chomp] = header;
    const lines: string[] = [];
    let indent = -1;
    let line = this.line + 1;
    let lastContent = -1;
    for (; line < this.starts.length; line++) {
      const start = this.starts[line]!;
      const end = this.ends[line]!;
      const lineColumn = this.columns[line]!;
      if (lineColumn === end - start) {
        // Only spaces: an empty line of the scalar, unless it has more spaces than the content.
        if (indent !== -1 ? end - start > indent : end - start > column + 1) fail();
        lines.push('');
        continue;
      }
      if (indent === -1) {
        if (lineColumn <= column) break;
        indent = lineColumn;
      }
      if (lineColumn < indent) break;
      lines.push(this.text.slice(start + indent, end));
      lastContent = lines.length - 1;
    }
    if (indent !== -1 && line === this.starts.length && !this.text.endsWith('\n')) fail();
    this.line = line;
    const content = lines.slice(0, lastContent + 1);
    const trailing = lines.length - content.length;
    if (content.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    let body: string;
    if (style === '|') body = content.join('\n');
    else {
      // Folding without more-indented lines: line breaks become spaces, n empty lines n breaks.
      if (content[0] === '' || content.some((text) => text.startsWith(' '))) fail();
      body = '';
      let empties = 0;
      for (const [i, text] of content.entries()) {
        if (text === '') {
          empties++;
          continue;
        }
        if (i > 0) body += empties > 0 ? '\n'.repeat(empties) : ' ';
        body += text;
        empties = 0;
      }
    }
    if (chomp === '-') return body;
    if (chomp === '+') return `${body}\n${'\n'.repeat(trailing)}`;
    return `${body}\n`;
  }

  /** A flow collection that closes on the same line. Returns the value and the offset after it. */
  private readFlow(at: number, depth: number): [unknown, number] {
    if (depth > MAX_BLOCK_DEPTH) fail();
    const end = this.ends[this.line]!;
    const members = new Map<string, number>();
    let i = at + 1;
    if (this.text[at] === '[') {
      const list: unknown[] = [];
      this.offsets.set(list, members);
      for (;;) {
        i = this.skipSpaces(i);
        if (i >= end) fail();
        if (this.text[i] === ']') return [list, i + 1];
        members.set(String(list.length), i);
        const [item, after] = this.readFlowValue(i, end, depth);
        list.push(item);
        i = this.skipSpaces(after);
        if (this.text[i] === ',') i++;
        else if (this.text[i] !== ']') fail();
      }
    }
    const map: Record<string, unknown> = {};
    this.offsets.set(map, members);
    for (;;) {
      i = this.skipSpaces(i);
      if (i >= end) fail();
      if (this.text[i] === '}') return [map, i + 1];
      const keyStart = i;
      let name: string;
      if (this.text[i] === '"' || this.text[i] === "'") {
        const [key, after] = this.readQuoted(i);
        name = key;
        i = this.skipSpaces(after);
        if (this.text[i] !== ':') fail();
        i++;
      } else {
        let colon = i;
        while (colon < end && this.text[colon] !== ':' && !FLOW_STOP.has(this.text[colon]!)) colon++;
        if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') fail();
        name = stringKey(resolvePlain(this.text.slice(i, colon).trimEnd()));
        i = colon + 1;
      }
      if (name === '__proto__' || members.has(name)) fail();
      i = this.skipSpaces(i);
      if (this.text[i] === ',' || this.text[i] === '}') fail(); // `{a: }`: rare; leave to the full parser
      members.set(name, keyStart);
      const [value, after] = this.readFlowValue(i, end, depth);
      map[name] = value;
      i = this.skipSpaces(after);
      if (this.text[i] === ',') i++;
      else if (this.text[i] !== '}') fail();
    }
  }

  private readFlowValue(at: number, end: number, depth: number): [unknown, number] {
    const c = this.text[at]!;
    if (c === '[' || c === '{') return this.readFlow(at, depth + 1);
    if (c === '"' || c === "'") return this.readQuoted(at);
    if (!this.startsPlain(at)) fail();
    let i = at;
    while (i < end) {
      const d = this.text[i]!;
      if (FLOW_STOP.has(d) || (d === ':' && this.text[i + 1] === ' ') || (d === '#' && this.text[i - 1] === ' ')) break;
      i++;
    }
    const raw = this.text.slice(at, i).trimEnd();
    if (raw === '' || this.text[i] === ':' || this.text[i] === '#') fail();
    return [resolvePlain(raw), at + raw.length];
  }

  /**
   * A quoted scalar. Returns the value and the offset after the closing quote. With `column` (block
   * context) it may span lines more indented than `column`, which fold like plain scalars; the reader
   * is then left on the line of the closing quote. Without it (keys, flow) it must close on its line.
   */
  private readQuoted(at: number, column?: number): [string, number] {
    const double = this.text[at] === '"';
    const close = double ? this.closingDoubleQuote(at) : this.closingSingleQuote(at);
    const lineEnd = this.ends[this.line]!;
    const decode = double ? decodeDoubleQuoted : (raw: string): string => raw.replace(/''/g, "'");
    if (close < lineEnd) return [decode(this.text.slice(at + 1, close)), close + 1];
    if (column === undefined) fail();
    const lines = this.text.slice(at + 1, close).split('\n');
    let value = '';
    let breaks = 0;
    let joinWithoutSpace = false;
    for (const [i, line] of lines.entries()) {
      const first = i === 0;
      const last = i === lines.length - 1;
      const indent = line.length - line.trimStart().length;
      if (!first && line.trim() === '') {
        // Closing quote alone on its line, or an empty line after an escaped break: rare, and the
        // full parser knows how those fold.
        if (last || joinWithoutSpace) fail();
        breaks++;
        continue;
      }
      if (!first && indent <= column) fail();
      let piece = first ? line : line.trimStart();
      let escapedBreak = false;
      if (!last) {
        // `\` at the end of a double-quoted line escapes the break: no space, trailing spaces kept.
        const backslashes = piece.length - piece.replace(/\\+$/, '').length;
        if (double && backslashes % 2 === 1) {
          piece = piece.slice(0, -1);
          escapedBreak = true;
        } else {
          const trimmed = piece.trimEnd();
          if (double && trimmed.endsWith('\\') && trimmed !== piece) fail(); // escaped trailing space
          piece = trimmed;
        }
      }
      if (!first) value += joinWithoutSpace ? '' : breaks > 0 ? '\n'.repeat(breaks) : ' ';
      value += decode(piece);
      breaks = 0;
      joinWithoutSpace = escapedBreak;
    }
    this.line = this.lineOf(close);
    return [value, close + 1];
  }

  private closingSingleQuote(at: number): number {
    for (let i = at + 1; ; i += 2) {
      i = this.text.indexOf("'", i);
      if (i === -1) fail();
      if (this.text[i + 1] !== "'") return i;
    }
  }

  private closingDoubleQuote(at: number): number {
    for (let i = this.text.indexOf('"', at + 1); i !== -1; i = this.text.indexOf('"', i + 1)) {
      let backslashes = 0;
      while (this.text[i - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i;
    }
    return fail();
  }

  /** Index of the line holding `offset`, searching forward from the current line. */
  private lineOf(offset: number): number {
    let line = this.line;
    while (this.ends[line]! < offset) line++;
    return line;
  }

  /** `key:` at `at`: the key's text and the offset after the colon, or undefined if this is no key. */
  private keyAt(at: number): { name: string; end: number } | undefined {
    const end = this.ends[this.line]!;
    const c = this.text[at];
    if (c === undefined || at >= end) return undefined;
    if (c === '"' || c === "'") {
      // A quoted scalar that goes on over more lines is a value, never a key.
      const close = c === '"' ? this.closingDoubleQuote(at) : this.closingSingleQuote(at);
      if (close >= end) return undefined;
      const [name, after] = this.readQuoted(at);
      return this.text[after] === ':' && (after + 1 === end || this.text[after + 1] === ' ')
        ? { name, end: after + 1 }
        : undefined;
    }
    if (!this.startsPlain(at)) return undefined;
    for (let i = at; i < end; i++) {
      const d = this.text[i];
      if (d === '#' && this.text[i - 1] === ' ') return undefined;
      if (d === ':' && (i + 1 === end || this.text[i + 1] === ' ')) {
        const raw = this.text.slice(at, i).trimEnd();
        if (raw === '<<') fail(); // merge keys: the full parser knows the rules
        return { name: stringKey(resolvePlain(raw)), end: i + 1 };
      }
    }
    return undefined;
  }

  /** Plain scalars may start with `-`, `?` or `:` only when a non-space follows (`-1`, `-x`). */
  private startsPlain(at: number): boolean {
    const c = this.text[at]!;
    if (!INDICATORS.has(c)) return true;
    const next = this.text[at + 1];
    return (
      (c === '-' || c === '?' || c === ':') &&
      next !== undefined &&
      next !== ' ' &&
      next !== '\n' &&
      !FLOW_STOP.has(next)
    );
  }

  private isSequenceEntry(at: number): boolean {
    return this.text[at] === '-' && (at + 1 === this.ends[this.line]! || this.text[at + 1] === ' ');
  }

  /** Skips empty and comment-only lines. */
  private skipBlank(): void {
    while (this.line < this.starts.length) {
      const at = this.contentAt();
      if (at < this.ends[this.line]! && this.text[at] !== '#') return;
      this.line++;
    }
  }

  private expectLineEnd(from: number): void {
    const end = this.ends[this.line]!;
    const at = this.skipSpaces(from);
    if (at !== end && !(this.text[at] === '#' && at > from)) fail();
  }

  private plainUntilComment(at: number, end: number): string {
    let i = at;
    while (i < end && !(this.text[i] === '#' && this.text[i - 1] === ' ')) i++;
    return this.text.slice(at, i).trimEnd();
  }

  private restOfLine(at: number): string {
    return this.text.slice(at, this.ends[this.line]);
  }

  private contentAt(): number {
    return this.starts[this.line]! + this.columns[this.line]!;
  }

  private skipSpaces(at: number): number {
    const end = this.ends[this.line]!;
    while (at < end && this.text.charCodeAt(at) === 0x20) at++;
    return at;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The text between double quotes (one line of it) with YAML's escapes decoded. */
function decodeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  let i = 0;
  for (let slash = raw.indexOf('\\'); slash !== -1; slash = raw.indexOf('\\', i)) {
    out += raw.slice(i, slash);
    const code = raw[slash + 1] ?? fail();
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) {
      out += simple;
      i = slash + 2;
      continue;
    }
    const digits = HEX_ESCAPES[code] ?? fail();
    const hex = raw.slice(slash + 2, slash + 2 + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) fail();
    const point = parseInt(hex, 16);
    if (point > 0x10ffff) fail();
    out += String.fromCodePoint(point);
    i = slash + 2 + digits;
  }
  return out + raw.slice(i);
}

/** YAML 1.2 core schema, as the full parser resolves plain scalars. */
function resolvePlain(raw: string): unknown {
  if (NULL.test(raw)) return null;
  if (BOOL.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (INT_OCT.test(raw)) return parseInt(raw.slice(2), 8);
  if (INT.test(raw)) return parseInt(raw, 10);
  if (INT_HEX.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT_SPECIAL.test(raw)) {
    if (raw.slice(-3).toLowerCase() === 'nan') return NaN;
    return raw[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}

/** Object keys are strings; a null key (`: x`, `~: x`) is left to the full parser. */
function stringKey(value: unknown): string {
  if (value === null) fail();
  return String(value);
}

function fail(): never {
  throw new OutsideSubset();
}
