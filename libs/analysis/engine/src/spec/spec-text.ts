import { InvalidSpecError } from '../errors/engine.errors.js';
import { findDuplicateKey } from './json-duplicate-keys.js';
import { createJsonLocator } from './json-locator.js';
import { createLineIndex, type SourcePosition } from './source-lines.js';
import { parseYamlText } from './yaml-text.js';

export type { SourcePosition } from './source-lines.js';

/** Bigger specs exist, but not ones a scan should accept from a user without a second thought. */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;
/** Real specs nest flow collections a few levels; the YAML lexer runs out of memory on millions. */
const MAX_FLOW_DEPTH = 256;

export interface ParsedSpecText {
  value: unknown;
  /** Where the key or item a JSON pointer (`/paths/~1users/get`) names starts in the text. */
  locate(pointer: string): SourcePosition | undefined;
  /** True when one object may sit at several places of the tree, or inside itself (YAML aliases). */
  mayShareNodes: boolean;
}

/**
 * Parses JSON with `JSON.parse` and anything else (or JSON it refuses, to say where) as YAML.
 * Positions are found only for the pointers asked for, when they are asked for.
 */
export async function parseSpecText(text: string): Promise<ParsedSpecText> {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
    throw new InvalidSpecError(`spec is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MB`);
  }
  if (!/\S/.test(text)) throw new InvalidSpecError('spec is empty');
  assertShallow(text);
  return parseJson(text) ?? (await parseYamlText(text));
}

function parseJson(text: string): ParsedSpecText | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lines = createLineIndex(text);
  const duplicate = findDuplicateKey(text, value);
  if (duplicate) {
    // As YAML documents with duplicate keys are refused (the YAML reader's rule), so are JSON ones.
    const { line, column } = lines(duplicate.offset);
    throw new InvalidSpecError(
      `spec has the key ${JSON.stringify(duplicate.key)} twice in one object at line ${line}, column ${column}: parsers disagree on which value counts, keep one`,
    );
  }
  return { value, locate: createJsonLocator(text, lines), mayShareNodes: false };
}

/**
 * Counts bracket depth before any parser sees the text. Brackets inside strings count too:
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
