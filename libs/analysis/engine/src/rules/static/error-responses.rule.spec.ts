import { auditWith, oas3, ruleIds } from '../../testing/static-family-audit.js';
import {
  errorResponsesRule,
  SERVER_ERRORS_UNDOCUMENTED,
  VALIDATION_ERRORS_UNDOCUMENTED,
} from './error-responses.rule.js';

const problem = { description: 'error', content: { 'application/problem+json': { schema: { type: 'object' } } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

describe('error responses rule family', () => {
  it('lists operations that take input but document no 400/422/4XX/default, one finding for the spec', async () => {
    const drafts = await auditWith(
      errorResponsesRule,
      oas3({
        '/items/{id}': {
          parameters: [idParam],
          get: { responses: { '200': { description: 'ok' }, '500': problem } },
          delete: { responses: { '204': { description: 'ok' }, '422': problem, '500': problem } },
        },
        '/items': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { '201': { description: 'ok' }, '500': problem },
          },
        },
        // Nothing to validate: no parameters, no body.
        '/health': { get: { responses: { '200': { description: 'ok' }, '500': problem } } },
      }),
    );
    expect(ruleIds(drafts)).toEqual([VALIDATION_ERRORS_UNDOCUMENTED.id]);
    expect(drafts[0]).toMatchObject({
      location: {
        pointer: '/paths/~1items~1{id}/get/responses',
        others: [{ pointer: '/paths/~1items/post/responses' }],
      },
      detail: '2 operation(s): GET /items/{id}, POST /items.',
    });
  });

  it('asks for a 500/5XX/default with a body schema, telling a missing one from a bodiless one', async () => {
    const drafts = await auditWith(
      errorResponsesRule,
      oas3({
        '/a': { get: { responses: { '200': { description: 'ok' } } } },
        '/b': { get: { responses: { '200': { description: 'ok' }, '500': { description: 'oops' } } } },
        '/c': { get: { responses: { '200': { description: 'ok' }, '5XX': problem } } },
        '/d': { get: { responses: { default: problem } }, head: { responses: { '500': { description: 'oops' } } } },
      }),
    );
    expect(drafts).toMatchObject([
      {
        ruleId: SERVER_ERRORS_UNDOCUMENTED.id,
        detail: '2 operation(s): GET /a (no 500, 5XX or default), GET /b (declared without a body schema).',
      },
    ]);
  });

  it('reads Swagger 2 response schemas and shared responses', async () => {
    const drafts = await auditWith(errorResponsesRule, {
      swagger: '2.0',
      info: { title: 'Legacy', version: '1' },
      paths: {
        '/items/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            responses: {
              '200': { description: 'ok' },
              '400': { $ref: '#/responses/Error' },
              '500': { $ref: '#/responses/Error' },
            },
          },
        },
      },
      responses: { Error: { description: 'error', schema: { type: 'object' } } },
    });
    expect(drafts).toEqual([]);
  });
});
