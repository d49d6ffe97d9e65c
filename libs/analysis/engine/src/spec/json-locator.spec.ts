import { createJsonLocator } from './json-locator.js';
import { createLineIndex } from './source-lines.js';
import { parseYamlText } from './yaml-text.js';

const DOC = JSON.stringify(
  {
    openapi: '3.0.3',
    paths: {
      '/users/{id}': {
        get: {
          parameters: [
            { name: 'id', in: 'path' },
            { name: 'q"x', in: 'query' },
          ],
        },
      },
      '/a~b': { post: { responses: { '201': { description: 'created\\n "quoted" {not a brace}' } } } },
    },
    'k\u00e9y\n': [1, [2, 3], { deep: null }],
    empty: {},
    list: [],
  },
  null,
  2,
);

const POINTERS = [
  '',
  '/openapi',
  '/paths',
  '/paths/~1users~1{id}/get',
  '/paths/~1users~1{id}/get/parameters/0',
  '/paths/~1users~1{id}/get/parameters/1/name',
  '/paths/~1a~0b/post/responses/201/description',
  '/k\u00e9y\n/1/0',
  '/k\u00e9y\n/2/deep',
  '/empty',
  '/list',
];

describe('createJsonLocator', () => {
  const locate = createJsonLocator(DOC, createLineIndex(DOC));

  it('finds the same positions as the YAML syntax tree, scanning only what the pointers need', async () => {
    const yaml = await parseYamlText(DOC);
    for (const pointer of POINTERS) expect([pointer, locate(pointer)]).toEqual([pointer, yaml.locate(pointer)]);
  });

  it('points at the key a reader looks for, also on one-line JSON', () => {
    expect(locate('/paths/~1users~1{id}/get')).toEqual({ line: 5, column: 7 });
    const minified = '{"a":{"b" : [10, {"c":1}]}}';
    const onOneLine = createJsonLocator(minified, createLineIndex(minified));
    expect(onOneLine('/a/b/1/c')).toEqual({ line: 1, column: 19 });
  });

  it('answers a pointer past the text with its deepest existing ancestor', () => {
    expect(locate('/paths/~1a~0b/post/security')).toEqual(locate('/paths/~1a~0b/post'));
    expect(locate('/openapi/not/a/container')).toEqual(locate('/openapi'));
    expect(locate('/list/3')).toEqual(locate('/list'));
  });
});
