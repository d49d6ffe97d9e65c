import { auditWith, oas3, ruleIds } from '../../testing/static-family-audit.js';
import { CORS_ORIGIN_UNDECLARED, RETRY_AFTER_UNDECLARED, responseHeadersRule } from './response-headers.rule.js';

const header = { schema: { type: 'string' } };
const allowOrigin = { 'access-control-allow-origin': header };

describe('response headers rule family', () => {
  it('reports an undocumented CORS policy once, at the headers the spec does declare', async () => {
    const drafts = await auditWith(
      responseHeadersRule,
      oas3({
        '/a': { get: { responses: { '200': { description: 'ok', headers: { ETag: header } } } } },
        '/b': { get: { responses: { '200': { description: 'ok' } } } },
      }),
    );
    expect(drafts).toMatchObject([
      {
        ruleId: CORS_ORIGIN_UNDECLARED.id,
        location: { pointer: '/paths/~1a/get/responses/200/headers', method: 'GET' },
      },
    ]);
    expect(drafts[0]?.location.others).toBeUndefined();
  });

  it('points at every operation when the spec declares no response headers at all', async () => {
    const drafts = await auditWith(
      responseHeadersRule,
      oas3({ '/a': { get: { responses: { '200': { description: 'ok' } } } }, '/b': { post: { responses: {} } } }),
    );
    expect(drafts).toMatchObject([
      {
        ruleId: CORS_ORIGIN_UNDECLARED.id,
        location: { pointer: '/paths/~1a/get/responses', others: [{ pointer: '/paths/~1b/post/responses' }] },
      },
    ]);
  });

  it('is satisfied when some response declares Access-Control-Allow-Origin, in any case', async () => {
    const drafts = await auditWith(
      responseHeadersRule,
      oas3({
        '/a': { get: { responses: { '200': { description: 'ok', headers: allowOrigin } } } },
        '/b': { get: { responses: { '200': { description: 'ok' } } } },
      }),
    );
    expect(drafts).toEqual([]);
  });

  it('groups 429 responses without Retry-After, judging a shared response once where it is defined', async () => {
    const drafts = await auditWith(
      responseHeadersRule,
      oas3(
        {
          '/a': {
            get: { responses: { '200': { description: 'ok', headers: allowOrigin }, '429': { description: 'slow' } } },
          },
          '/b': { get: { responses: { '503': { $ref: '#/components/responses/TooMany' } } } },
          '/c': { get: { responses: { '429': { $ref: '#/components/responses/TooMany' } } } },
          '/e': { get: { responses: { '429': { $ref: '#/components/responses/TooMany' } } } },
          '/d': { get: { responses: { '429': { description: 'slow', headers: { 'retry-after': header } } } } },
        },
        { components: { responses: { TooMany: { description: 'slow', headers: { 'X-RateLimit-Limit': header } } } } },
      ),
    );
    expect(ruleIds(drafts)).toEqual([RETRY_AFTER_UNDECLARED.id]);
    expect(drafts[0]).toMatchObject({
      location: {
        pointer: '/paths/~1a/get/responses/429',
        method: 'GET',
        others: [{ pointer: '/components/responses/TooMany' }],
      },
      detail: '2 429 response(s): GET /a 429, /components/responses/TooMany.',
    });
    expect(drafts[0]?.location.others?.[0]).not.toHaveProperty('method');
  });
});
