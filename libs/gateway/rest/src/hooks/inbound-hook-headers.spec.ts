import { relayableInboundHeaders } from './inbound-hook-headers.js';

describe('relayableInboundHeaders', () => {
  it("relays the sender's signature headers, including a custom HMAC header, and never the gateway's credentials", () => {
    const relayed = relayableInboundHeaders({
      'content-type': 'application/json',
      'X-Hub-Signature-256': 'sha256=ab',
      'x-github-delivery': 'd-1',
      'webhook-signature': ['v1,a', 'v1,b'],
      'x-ci-signature': 'cafe',
      authorization: 'Bearer so_live_x',
      'x-api-key': 'so_live_x',
      'x-so-identity': 'forged',
      cookie: 'a=b',
      'proxy-authorization': 'Basic x',
      host: 'gateway',
      'content-length': '10',
    });
    expect(relayed).toEqual({
      'content-type': 'application/json',
      'x-hub-signature-256': 'sha256=ab',
      'x-github-delivery': 'd-1',
      'webhook-signature': 'v1,a, v1,b',
      'x-ci-signature': 'cafe',
    });
  });

  it('bounds the number and size of relayed headers', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-h${i}`, 'v']));
    expect(Object.keys(relayableInboundHeaders(many))).toHaveLength(64);
    expect(relayableInboundHeaders({ 'x-big': 'a'.repeat(8193) })).toEqual({});
  });
});
