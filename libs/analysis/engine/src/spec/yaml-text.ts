import type * as YamlModule from 'yaml';
import type { LineCounter, Node } from 'yaml';
import { InvalidSpecError } from '../errors/engine.errors.js';
import { childPointer } from './pointer.js';
import { readSimpleYaml } from './simple-yaml.js';
import type { ParsedSpecText } from './spec-text.js';
import type { SourcePosition } from './source-lines.js';

/** Real specs use few YAML aliases; a billion-laughs document needs many. */
const MAX_ALIAS_COUNT = 200;

type Yaml = typeof YamlModule;

/**
 * Parses YAML (and JSON that `JSON.parse` refused, to report where it breaks): with the one-pass
 * reader when the text stays in its subset, which most specs do, else with the YAML library. The
 * library is loaded on first use, so documents the reader handles never pay for it.
 */
export async function parseYamlText(text: string): Promise<ParsedSpecText> {
  return readSimpleYaml(text) ?? (await parseWithLibrary(text));
}

/** The full YAML 1.2 parser: anchors and aliases (bounded), tags, every scalar style, exact errors. */
export async function parseWithLibrary(text: string): Promise<ParsedSpecText> {
  const yaml = await import('yaml');
  const lineCounter = new yaml.LineCounter();
  // prettyErrors off: it quotes the offending line, which for a one-line hostile document is megabytes.
  const document = yaml.parseDocument(text, { lineCounter, prettyErrors: false });
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
  // Positions are indexed on the first lookup: an audit without findings never needs them.
  let positions: Map<string, SourcePosition> | undefined;
  const index = (): Map<string, SourcePosition> => {
    const found = new Map<string, SourcePosition>();
    indexNode(yaml, document.contents, '', found, lineCounter);
    return found;
  };
  return {
    value,
    // Aliases let one node appear in several places, or inside itself.
    mayShareNodes: true,
    locate: (pointer) => {
      positions ??= index();
      // Nearest indexed ancestor: a pointer into an alias's expansion has no position of its own.
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const position = positions.get(p);
        if (position || p === '') return position;
      }
    },
  };
}

function indexNode(
  yaml: Yaml,
  node: unknown,
  pointer: string,
  positions: Map<string, SourcePosition>,
  lines: LineCounter,
): void {
  const start = (node as Node | null)?.range?.[0];
  if (start !== undefined && !positions.has(pointer)) positions.set(pointer, toPosition(lines, start));
  // An alias's content is indexed where its anchor is; descending would repeat work, not add places.
  if (yaml.isAlias(node)) return;
  if (yaml.isMap(node)) {
    for (const pair of node.items) {
      const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = childPointer(pointer, key);
      // Point at the key (`get:`), which is where a reader looks, not at the value below it.
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (keyStart !== undefined) positions.set(child, toPosition(lines, keyStart));
      indexNode(yaml, pair.value, child, positions, lines);
    }
  } else if (yaml.isSeq(node)) {
    node.items.forEach((item, index) => indexNode(yaml, item, childPointer(pointer, index), positions, lines));
  }
}

function toPosition(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
