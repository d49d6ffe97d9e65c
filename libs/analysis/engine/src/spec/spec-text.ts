import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InvalidSpecError } from '../errors/engine.errors.js';
import { childPointer } from './pointer.js';

export interface SourcePosition {
  line: number;
  column: number;
}

/** Bigger specs exist, but not ones a scan should accept from a user without a second thought. */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;
/** Real specs use few YAML aliases; a billion-laughs document needs many. */
const MAX_ALIAS_COUNT = 200;
/** Real specs nest flow collections a few levels; the YAML lexer runs out of memory on millions. */
const MAX_FLOW_DEPTH = 256;

export interface ParsedSpecText {
  value: unknown;
  /** JSON pointer (`/paths/~1users/get`) to where that key or item starts in the text. */
  positions: ReadonlyMap<string, SourcePosition>;
}

/**
 * Parses JSON or YAML (JSON is YAML) once, keeping where every node sits: rules look positions up
 * by pointer instead of re-walking the syntax tree.
 */
export function parseSpecText(text: string): ParsedSpecText {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
    throw new InvalidSpecError(`spec is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MB`);
  }
  if (text.trim() === '') throw new InvalidSpecError('spec is empty');
  assertShallow(text);
  const lineCounter = new LineCounter();
  // prettyErrors off: it quotes the offending line, which for a one-line hostile document is megabytes.
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new InvalidSpecError(
      `spec is not valid JSON or YAML at line ${line}, column ${col}: ${firstLine(error.message)}`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    throw new InvalidSpecError(`spec YAML could not be expanded: ${(cause as Error).message}`, { cause });
  }
  const positions = new Map<string, SourcePosition>();
  indexNode(document.contents, '', positions, lineCounter);
  return { value, positions };
}

/**
 * Counts bracket depth before the YAML parser sees the text. Brackets inside strings count too:
 * an approximation that only errs on documents with hundreds of unclosed brackets in a row.
 */
function assertShallow(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) throw new InvalidSpecError(`spec nests deeper than ${MAX_FLOW_DEPTH} levels`);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
}

function indexNode(node: unknown, pointer: string, positions: Map<string, SourcePosition>, lines: LineCounter): void {
  const start = (node as Node | null)?.range?.[0];
  if (start !== undefined && !positions.has(pointer)) positions.set(pointer, toPosition(lines, start));
  // An alias's content is indexed where its anchor is; descending would repeat work, not add places.
  if (isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = childPointer(pointer, key);
      // Point at the key (`get:`), which is where a reader looks, not at the value below it.
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (keyStart !== undefined) positions.set(child, toPosition(lines, keyStart));
      indexNode(pair.value, child, positions, lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => indexNode(item, childPointer(pointer, index), positions, lines));
  }
}

function toPosition(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
