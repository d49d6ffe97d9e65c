import { auditWith, oas3 } from '../../testing/static-family-audit.js';
import {
  SERVER_AUDIENCE_UNDECLARED,
  SERVER_ENVIRONMENT_UNDECLARED,
  serverInventoryRule,
} from './server-inventory.rule.js';

describe('server inventory rule family', () => {
  it('groups servers without a boolean x-internal and servers whose description names no environment', async () => {
    const drafts = await auditWith(
      serverInventoryRule,
      oas3(
        {},
        {
          servers: [
            { url: 'https://api.example.com', description: 'Production', 'x-internal': false },
            { url: 'https://api-next.example.com', description: 'The latest API', 'x-internal': 'no' },
            { url: 'https://eu.example.com', description: 'Pre-production EU', 'x-internal': true },
            { url: 'https://dev.example.com' },
          ],
        },
      ),
    );
    expect(drafts).toMatchObject([
      {
        ruleId: SERVER_AUDIENCE_UNDECLARED.id,
        location: { pointer: '/servers/1', others: [{ pointer: '/servers/3' }] },
        detail: '2 of 4 server(s): https://api-next.example.com, https://dev.example.com.',
      },
      {
        ruleId: SERVER_ENVIRONMENT_UNDECLARED.id,
        location: { pointer: '/servers/1', others: [{ pointer: '/servers/3' }] },
      },
    ]);
  });

  it('is satisfied by documented servers and has nothing to ask of Swagger 2', async () => {
    const documented = oas3(
      {},
      { servers: [{ url: 'https://sandbox.example.com', description: 'Sandbox for partners', 'x-internal': false }] },
    );
    expect(await auditWith(serverInventoryRule, documented)).toEqual([]);
    const swagger = { swagger: '2.0', info: { title: 'L', version: '1' }, host: 'x.example', paths: {} };
    expect(await auditWith(serverInventoryRule, swagger)).toEqual([]);
  });
});
