import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { childPointer } from './pointer.js';
import { readSimpleYaml } from './simple-yaml.js';
import { parseWithLibrary } from './yaml-text.js';

/** Every pointer of a parsed document, containers and leaves. */
function pointersOf(value: unknown, pointer = ''): string[] {
  if (typeof value !== 'object' || value === null) return [pointer];
  return [
    pointer,
    ...Object.keys(value).flatMap((key) => pointersOf((value as never)[key], childPointer(pointer, key))),
  ];
}

function libraryValue(text: string): { value?: unknown; error?: string } {
  const document = parseDocument(text, { prettyErrors: false });
  return document.errors[0] ? { error: document.errors[0].message } : { value: document.toJS() };
}

describe('readSimpleYaml', () => {
  const examples = dirname(createRequire(import.meta.url).resolve('@readme/oas-examples/package.json'));
  const corpus = ['2.0', '3.0', '3.1'].flatMap((version) =>
    readdirSync(join(examples, version, 'yaml'))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(version, 'yaml', name)),
  );

  it('reads most real specs itself, with the values and positions of the full YAML parser', async () => {
    let read = 0;
    for (const name of corpus) {
      const text = readFileSync(join(examples, name), 'utf8');
      const fast = readSimpleYaml(text);
      if (!fast) continue;
      read++;
      const full = await parseWithLibrary(text);
      expect([name, fast.value]).toEqual([name, full.value]);
      const pointers = pointersOf(full.value);
      expect([name, pointers.map((p) => fast.locate(p))]).toEqual([name, pointers.map((p) => full.locate(p))]);
    }
    // The subset exists to cover the usual spec; falling back on most of the corpus would defeat it.
    expect(read).toBeGreaterThanOrEqual(corpus.length * 0.9);
  }, 60_000);

  it.each([
    ['narrow lines (folded plain and block scalars)', { lineWidth: 24, blockQuote: 'folded' as const }],
    ['double-quoted, folded', { defaultStringType: 'QUOTE_DOUBLE' as const, lineWidth: 30 }],
    [
      'single-quoted keys and values, folded',
      { defaultStringType: 'QUOTE_SINGLE' as const, defaultKeyType: 'QUOTE_SINGLE' as const, lineWidth: 25 },
    ],
  ])(
    'reads the JSON corpus written as YAML (%s) like the full parser, or leaves it to it',
    async (_name, options) => {
      const documents = ['2.0', '3.0', '3.1'].flatMap((version) =>
        readdirSync(join(examples, version, 'json'))
          .filter((name) => name.endsWith('.json'))
          .map((name) => readFileSync(join(examples, version, 'json', name), 'utf8'))
          // The large ones add minutes, not cases.
          .filter((text) => text.length < 100_000)
          .map((text) => JSON.parse(text) as unknown),
      );
      let read = 0;
      for (const document of documents) {
        const text = stringify(document, { ...options, aliasDuplicateObjects: false });
        const fast = readSimpleYaml(text);
        if (!fast) continue;
        read++;
        const full = await parseWithLibrary(text);
        expect(fast.value).toEqual(full.value);
        // Every seventh place: positions are checked in full on the real YAML above.
        const pointers = pointersOf(full.value).filter((_, i) => i % 7 === 0);
        expect(pointers.map((p) => fast.locate(p))).toEqual(pointers.map((p) => full.locate(p)));
      }
      expect(read).toBeGreaterThan(documents.length / 2);
    },
    60_000,
  );

  it.each([
    [
      'core schema scalars',
      'a: 1\nb: -1\nc: 0o17\nd: 0x1F\ne: 1.5e3\nf: .inf\ng: -.Inf\nh: ~\ni: True\nj: yes\nk: 012\nl: 1.\nm: 1_000\n',
    ],
    ['indentless and compact sequences', 'a:\n- x\n- c: 1\n  d: 2\nb:\n  - - p\n    - q\n  -\n    z: 3\n'],
    ['quoted scalars with escapes', "a: 'it''s'\nb: \"q\\\"x\\ty\\u00e9\\U0001F4DA\\x41\\/\\\\d\"\n"],
    ['multi-line quoted scalars', 'a: "multi\n  line\n\n  para"\nb: \'one\n  two\'\nc: "x \\\n  y"\n'],
    [
      'block scalars and chomping',
      'a: |\n  one\n   two\n\n  three\nb: >\n  folded\n  text\n\n  para\nc: |-\n  s\nd: |+\n  k\n\ne: x\n',
    ],
    [
      'multi-line plain scalars and comments',
      'a: plain # c\nb: first\n  second\n\n  third\n   # note\nc: [1, "two", {d: e}] # c\n',
    ],
    ['keys of other types', 'x:\n  "200": {a: 1}\n  201: b\n  1.0: c\n  true: d\n'],
  ])('reads %s like the full parser', (_name, text) => {
    const fast = readSimpleYaml(text);
    expect(fast).toBeDefined();
    expect(fast!.value).toEqual(libraryValue(text).value);
  });

  it.each([
    ['anchors and aliases', 'a: &x [1]\nb: *x\n'],
    ['tags', 'a: !custom 1\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['multi-line flow collections', 'a: [1,\n  2]\n'],
    ['an unclosed quote', 'a: "open\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['explicit keys', '? a\n: b\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['deep block nesting', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });
});
