import { auditWith, oas3 } from '../../testing/static-family-audit.js';
import { INTEGER_WITHOUT_FORMAT, requestValuesRule, UNRESTRICTED_STRING } from './request-values.rule.js';

const body = (schema: object): object => ({ content: { 'application/json': { schema } } });
const created = { responses: { '201': { description: 'created' } } };

describe('request values rule family', () => {
  it('groups unrestricted strings and integers of unknown width per named request schema', async () => {
    const drafts = await auditWith(
      requestValuesRule,
      oas3(
        { '/users': { post: { ...created, requestBody: body({ $ref: '#/components/schemas/NewUser' }) } } },
        {
          components: {
            schemas: {
              NewUser: {
                type: 'object',
                properties: {
                  name: { type: 'string', maxLength: 50 },
                  email: { type: 'string', format: 'email' },
                  code: { type: 'string', pattern: '^[A-Z]{3}$' },
                  kind: { type: 'string', enum: ['a', 'b'] },
                  tags: { type: 'array', items: { type: 'string' } },
                  id: { type: 'string', readOnly: true },
                  count: { type: 'integer' },
                  size: { type: 'integer', format: 'int32' },
                  age: { type: 'integer', minimum: 0, maximum: 150 },
                  big: { type: 'integer', format: 'bigint' },
                  nick: { type: ['string', 'null'] },
                },
              },
            },
          },
        },
      ),
    );
    const [strings, integers, ...more] = drafts;
    expect(more).toEqual([]);
    expect(strings?.ruleId).toBe(UNRESTRICTED_STRING.id);
    // One finding for the schema, every offending node listed (in walk order, which is not the point here).
    const places = [strings?.location, ...(strings?.location.others ?? [])].map((place) => place?.pointer).sort();
    expect(places).toEqual([
      '/components/schemas/NewUser/properties/name',
      '/components/schemas/NewUser/properties/nick',
      '/components/schemas/NewUser/properties/tags/items',
    ]);
    expect(strings?.detail).toMatch(/^In NewUser: /);
    expect(strings?.detail).toContain('tags[] (string without format, pattern or enum)');
    expect(integers).toMatchObject({
      ruleId: INTEGER_WITHOUT_FORMAT.id,
      detail: 'In NewUser: count (integer without format), big (format bigint is not a width).',
    });
  });

  it('checks parameters too, all in one finding per rule, shared ones once where they are defined', async () => {
    const limit = { $ref: '#/components/parameters/Limit' };
    const drafts = await auditWith(
      requestValuesRule,
      oas3(
        {
          '/a': {
            get: {
              parameters: [
                { name: 'q', in: 'query', schema: { type: 'string' } },
                { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
                limit,
              ],
              ...created,
            },
          },
          '/b/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            get: { parameters: [limit], ...created },
          },
        },
        { components: { parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer' } } } } },
      ),
    );
    const [strings, integers, ...more] = drafts;
    expect(more).toEqual([]);
    expect(strings?.ruleId).toBe(UNRESTRICTED_STRING.id);
    expect([strings?.location, ...(strings?.location.others ?? [])].map((place) => place?.pointer).sort()).toEqual([
      '/paths/~1a/get/parameters/0/schema',
      '/paths/~1a/get/parameters/1/schema/items',
      '/paths/~1b~1{id}/parameters/0/schema',
    ]);
    expect(strings?.detail).toMatch(/^In parameters: /);
    for (const field of ['q in GET /a', 'ids[] in GET /a', 'id in /b/{id}'])
      expect(strings?.detail).toContain(`${field} (string without format, pattern or enum)`);
    expect(integers).toMatchObject({
      ruleId: INTEGER_WITHOUT_FORMAT.id,
      location: { pointer: '/components/parameters/Limit/schema' },
      detail: 'In parameters: limit in /components/parameters/Limit (integer without format).',
    });
    expect(drafts[1]?.location.others).toBeUndefined();
  });

  it('reads Swagger 2 inline parameters and leaves response schemas alone', async () => {
    const drafts = await auditWith(requestValuesRule, {
      swagger: '2.0',
      info: { title: 'Legacy', version: '1' },
      paths: {
        '/orders/{orderId}': {
          parameters: [{ name: 'orderId', in: 'path', required: true, type: 'integer' }],
          get: {
            responses: {
              '200': { description: 'ok', schema: { type: 'object', properties: { note: { type: 'string' } } } },
            },
          },
        },
      },
    });
    expect(drafts).toMatchObject([
      {
        ruleId: INTEGER_WITHOUT_FORMAT.id,
        location: { pointer: '/paths/~1orders~1{orderId}/parameters/0' },
        detail: 'In parameters: orderId in /orders/{orderId} (integer without format).',
      },
    ]);
  });

  it('finds nothing in constrained inputs', async () => {
    const drafts = await auditWith(
      requestValuesRule,
      oas3({
        '/a/{id}': {
          put: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
            requestBody: body({
              type: 'object',
              properties: { n: { type: 'integer', format: 'int64' }, s: { type: 'string', const: 'x' } },
            }),
            ...created,
          },
        },
      }),
    );
    expect(drafts).toEqual([]);
  });
});
