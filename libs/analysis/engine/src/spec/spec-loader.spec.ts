import { InvalidSpecError } from '../errors/engine.errors.js';
import { SWAGGER2_SPEC_JSON, VULNERABLE_SPEC_YAML } from '../testing/spec-fixtures.js';
import { walkSchemas } from './schema-walker.js';
import { loadSpec } from './spec-loader.js';

const minimal = (extra: string): string => `openapi: 3.0.3\ninfo: {title: t, version: '1'}\n${extra}`;

describe('loadSpec', () => {
  it('reads OpenAPI 3 YAML into operations with inherited security, parameters and source positions', async () => {
    const spec = await loadSpec(VULNERABLE_SPEC_YAML);
    expect(spec.version).toBe('3.0.3');
    expect(spec.operations.map((op) => `${op.method} ${op.path}`)).toEqual([
      'POST /users',
      'GET /users/{id}',
      'GET /admin/users',
      'GET /tree',
    ]);
    const getUser = spec.operations[1]!;
    expect(getUser.security).toEqual([{ bearer: [] }]);
    expect(getUser.parameters.map((p) => p.value['name'])).toEqual(['id']);
    expect(spec.locate('/paths/~1users/post')).toEqual({ line: 11, column: 5 });
    expect(spec.locate('/components/schemas/NewUser/properties/role')).toEqual({ line: 84, column: 9 });
    expect(spec.servers).toEqual([{ url: 'http://api.shop.example/v1', pointer: '/servers/0/url' }]);
  });

  it('follows refs to where schemas are defined and stops on recursive schemas', async () => {
    const spec = await loadSpec(VULNERABLE_SPEC_YAML);
    expect(spec.requestSchemas[0]?.pointer).toBe('/components/schemas/NewUser');
    const tree = spec.operations[3]!.responses.get('200')!;
    const root = {
      value: (tree.value['content'] as never)['application/json']['schema'],
      pointer: `${tree.pointer}/content/application~1json/schema`,
    };
    const visits = walkSchemas([root], spec.resolve);
    expect(visits.map((v) => v.pointer)).toEqual([
      '/components/schemas/Node',
      '/components/schemas/Node/properties/children',
    ]);
  });

  it('reads Swagger 2 JSON, including body parameters and schemes', async () => {
    const spec = await loadSpec(SWAGGER2_SPEC_JSON);
    expect(spec.version).toBe('2.0');
    expect(spec.servers[0]?.url).toBe('http://legacy.example/api');
    expect(spec.requestSchemas.map((v) => v.name ?? v.pointer)).toEqual(['/definitions/Order', 'owner', 'webhookUrl']);
    expect(spec.securitySchemes.get('key')?.pointer).toBe('/securityDefinitions/key');
  });

  it.each([
    ['truncated YAML', minimal('paths:\n  /a:\n    get: {responses: {'), /not valid JSON or YAML at line 5, column 23/],
    ['truncated JSON', '{"openapi": "3.0.3", "paths": {"/a": {', /not valid JSON or YAML/],
    ['an empty document', '   \n', /empty/],
    ['a scalar', '42', /must be a JSON or YAML object/],
    ['a document that is not OpenAPI', 'name: my-app\nversion: 1\n', /not an OpenAPI 2 or 3 document/],
    ['a spec without paths', minimal('components: {}'), /no "paths"/],
    [
      'an external http $ref',
      minimal("paths:\n  /a:\n    $ref: 'http://169.254.169.254/latest/meta-data'"),
      /external \$ref/,
    ],
    ['an external file $ref', minimal("paths:\n  /a:\n    $ref: '../../etc/passwd#/x'"), /external \$ref/],
    ['a $ref to nothing', minimal("paths:\n  /a:\n    $ref: '#/components/pathItems/missing'"), /cannot be resolved/],
    ['YAML anchors that form a cycle', minimal('paths: &p\n  /a:\n    x: *p'), /cycle/],
  ])('rejects %s with a clear InvalidSpecError', async (_name, text, message) => {
    const attempt = loadSpec(text);
    await expect(attempt).rejects.toBeInstanceOf(InvalidSpecError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('rejects a YAML alias bomb quickly instead of expanding it', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((name, i) => {
        const prev = 'abcdefghi'[i];
        return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`;
      }),
    ].join('\n');
    const started = Date.now();
    await expect(loadSpec(minimal(bomb))).rejects.toThrow(InvalidSpecError);
    // A real expansion would take minutes; the bound only has to tell "refused early" from "hung".
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects $ref chains that loop without hanging', async () => {
    const text = minimal(
      "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/A'\n" +
        "components:\n  responses:\n    A:\n      $ref: '#/components/responses/B'\n    B:\n      $ref: '#/components/responses/A'\n",
    );
    await expect(loadSpec(text)).rejects.toThrow(/\$ref loop/);
  });

  it('rejects pathologically deep nesting before the YAML parser sees it', async () => {
    const deep = `{"openapi":"3.0.3","paths":{},"x":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`;
    const started = Date.now();
    await expect(loadSpec(deep)).rejects.toThrow(/nests deeper than 256 levels/);
    // A real expansion would take minutes; the bound only has to tell "refused early" from "hung".
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects deep block nesting', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    await expect(loadSpec(minimal(`paths: {}\nx:\n${lines}\n`))).rejects.toBeInstanceOf(InvalidSpecError);
  });

  describe('JSON documents (read with JSON.parse)', () => {
    const json = (paths: object, extra: object = {}): string =>
      JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths, ...extra }, null, 2);
    const get = { get: { responses: { '200': { description: 'ok' } } } };

    it.each([
      ['an external http $ref', json({ '/a': { $ref: 'http://169.254.169.254/latest/meta-data' } }), /external \$ref/],
      ['an external file $ref', json({ '/a': { $ref: 'file:///etc/passwd' } }), /external \$ref/],
      [
        'a $ref to nothing, naming where it is used',
        json({ '/a': get }, { components: { schemas: { A: { items: { $ref: '#/components/schemas/Gone' } } } } }),
        /cannot be resolved: "#\/components\/schemas\/Gone" at \/components\/schemas\/A\/items/,
      ],
      ['truncated JSON, with where it stops', '{\n  "openapi": "3.0.3",\n  "paths": {"/a": {', /at line 3/],
      [
        'a key twice in one object (JSON.parse would keep the last silently)',
        '{\n  "openapi": "3.0.3",\n  "info": {"title": "t", "version": "1"},\n  "paths": {},\n  "security": [],\n  "security": [{"k": []}]\n}',
        /key "security" twice in one object at line 6, column 3/,
      ],
    ])('rejects %s with a clear InvalidSpecError', async (_name, text, message) => {
      const attempt = loadSpec(text);
      await expect(attempt).rejects.toBeInstanceOf(InvalidSpecError);
      await expect(attempt).rejects.toThrow(message);
    });

    it('rejects a long $ref chain without following it to the end', async () => {
      const responses = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [
          `R${i}`,
          i < 39 ? { $ref: `#/components/responses/R${i + 1}` } : { description: 'end' },
        ]),
      );
      const text = json(
        { '/a': { get: { responses: { '200': { $ref: '#/components/responses/R0' } } } } },
        { components: { responses } },
      );
      await expect(loadSpec(text)).rejects.toThrow(/\$ref loop/);
    });

    it('walks a $ref fan-out (billion laughs through refs) once per schema, not once per path', async () => {
      // L0 uses L1 ten times, L1 uses L2 ten times, ...: 10^12 paths through 13 schemas.
      const schemas = Object.fromEntries(
        Array.from({ length: 13 }, (_, level) => [
          `L${level}`,
          level === 12
            ? { type: 'string' }
            : {
                type: 'object',
                properties: Object.fromEntries(
                  Array.from({ length: 10 }, (_, i) => [`p${i}`, { $ref: `#/components/schemas/L${level + 1}` }]),
                ),
              },
        ]),
      );
      const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } } };
      const spec = await loadSpec(
        json(
          { '/a': { post: { requestBody: body, responses: { '200': { description: 'ok' } } } } },
          { components: { schemas } },
        ),
      );
      expect(new Set(spec.requestSchemas.map((visit) => visit.pointer)).size).toBe(spec.requestSchemas.length);
      expect(spec.requestSchemas.length).toBeLessThanOrEqual(13 + 12 * 10);
    });

    it('refuses documents over 10 MB before parsing them', async () => {
      const text = json({ '/a': get }, { 'x-padding': 'x'.repeat(10 * 1024 * 1024) });
      await expect(loadSpec(text)).rejects.toThrow(/larger than 10 MB/);
    });

    it('reports positions of pretty-printed JSON', async () => {
      const spec = await loadSpec(json({ '/a': get }));
      expect(spec.locate('/paths/~1a/get')).toEqual({ line: 9, column: 7 });
      // No such key: the nearest ancestor that exists.
      expect(spec.locate('/paths/~1a/get/security')).toEqual({ line: 9, column: 7 });
    });
  });

  it('warns about structural mistakes with where they are, listing five and counting the rest', async () => {
    const spec = await loadSpec(
      JSON.stringify({
        swagger: '2.0',
        info: { title: 't' },
        paths: {
          '/a/{id}': {
            get: { operationId: 'dup', parameters: [{ name: 'id', in: 'path' }], responses: { '200': {} } },
            post: { operationId: 'dup', parameters: [{ name: 'b', in: 'body' }] },
          },
        },
      }),
    );
    expect(spec.operations).toHaveLength(2);
    expect(spec.warnings).toEqual([
      'spec validation: /info: "version" is required and must be a string',
      'spec validation: /paths/~1a~1{id}/get/responses/200: "description" is required',
      'spec validation: /paths/~1a~1{id}/get/parameters/0: path parameters need "required": true',
      'spec validation: /paths/~1a~1{id}/get/parameters/0: "type" is required',
      'spec validation: /paths/~1a~1{id}/post: "responses" is required',
      'spec validation: 2 more errors',
    ]);
  });

  it('keeps validator complaints as warnings and still audits', async () => {
    const spec = await loadSpec(minimal('paths:\n  /a:\n    get: {}\n'));
    expect(spec.operations).toHaveLength(1);
    expect(spec.warnings.join('\n')).toMatch(/responses/);
  });
});
