import { auditWith, oas3 } from '../../testing/static-family-audit.js';
import { READ_WITHOUT_SECURITY, readAccessRule } from './read-access.rule.js';

const ok = { responses: { '200': { description: 'ok' } } };

describe('read access rule family', () => {
  it('lists every GET/HEAD without any security requirement in one finding', async () => {
    const drafts = await auditWith(
      readAccessRule,
      oas3({
        '/a': { get: ok, head: ok, post: ok },
        '/b': { get: { ...ok, security: [] } },
      }),
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      ruleId: READ_WITHOUT_SECURITY.id,
      location: {
        pointer: '/paths/~1a/get',
        method: 'GET',
        others: [{ method: 'HEAD' }, { pointer: '/paths/~1b/get' }],
      },
    });
    expect(drafts[0]?.detail).toBe('3 of 3 read operation(s): GET /a, HEAD /a, GET /b.');
  });

  it('accepts reads secured globally, and reads declared public on purpose with security: [{}]', async () => {
    const drafts = await auditWith(
      readAccessRule,
      oas3(
        { '/a': { get: ok }, '/public': { get: { ...ok, security: [{}] } } },
        {
          security: [{ key: [] }],
          components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
        },
      ),
    );
    expect(drafts).toEqual([]);
  });
});
