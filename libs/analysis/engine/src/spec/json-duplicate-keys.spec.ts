import { findDuplicateKey } from './json-duplicate-keys.js';

const check = (text: string) => findDuplicateKey(text, JSON.parse(text));

describe(findDuplicateKey.name, () => {
  it.each([
    ['flat', '{"a": 1, "b": 2}'],
    ['the same key in sibling and nested objects', '{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}'],
    ['quotes, colons and braces inside strings', '{"x": "a\\":b{", "y\\"": "}\\\\", "z": ["\\"a\\":"]}'],
    ['escaped backslashes before a closing quote', '{"k\\\\": 1, "k": 2}'],
    ['a top-level array', '[{"a": 1}, {"a": 2}]'],
    ['empty objects and keys', '{"": {}, "e": {"": 1}}'],
  ])('finds nothing in %s', (_name, text) => {
    expect(check(text)).toBeUndefined();
  });

  it.each([
    ['at the top', '{"a": 1, "b": 2, "a": 3}', 'a', 17],
    ['nested after a sibling object closed', '{"p": {"x": {"y": 1}, "x": 2}}', 'x', 22],
    ['inside an array item', '{"list": [{"k": 1}, {"k": 1, "k": 2}]}', 'k', 29],
    ['spelled differently with escapes', '{"a": 1, "\\u0061": 2}', 'a', 9],
    ['the empty key', '{"": 1, "": 2}', '', 8],
  ])('finds a duplicate %s, at its second occurrence', (_name, text, key, offset) => {
    expect(check(text)).toEqual({ key, offset });
  });
});
