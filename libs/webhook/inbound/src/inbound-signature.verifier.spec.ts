import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { verifyInboundSignature } from './inbound-signature.verifier.js';

const body = Buffer.from('{"id":"evt_1","action":"reanalyze"}');
const now = 1_800_000_000_000;
const ts = String(now / 1000);
const options = { toleranceSeconds: 300, signatureHeader: null, now };

describe('verifyInboundSignature', () => {
  it('accepts a Standard Webhooks request signed by the standardwebhooks library and refuses a tampered body', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const signature = new Webhook(secret).sign('msg_1', new Date(now), body.toString());
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,bogus ${signature}` };
    expect(verifyInboundSignature('standard-webhooks', secret, headers, body, options)).toEqual({ ok: true, eventId: 'msg_1' });
    expect(verifyInboundSignature('standard-webhooks', secret, headers, Buffer.from(`${body} `), options).ok).toBe(false);
    expect(
      verifyInboundSignature('standard-webhooks', secret, { ...headers, 'webhook-timestamp': String(now / 1000 - 301) }, body, options),
    ).toEqual({ ok: false, reason: 'the timestamp is outside the tolerance' });
  });

  it('checks GitHub X-Hub-Signature-256 over the raw body', () => {
    const good = `sha256=${createHmac('sha256', 'gh-secret-123456').update(body).digest('hex')}`;
    const headers = { 'x-hub-signature-256': good, 'x-github-delivery': 'd-1' };
    expect(verifyInboundSignature('github', 'gh-secret-123456', headers, body, options)).toEqual({ ok: true, eventId: 'd-1' });
    expect(verifyInboundSignature('github', 'other-secret-1234', headers, body, options).ok).toBe(false);
    expect(verifyInboundSignature('github', 'gh-secret-123456', { 'x-hub-signature-256': 'sha256=zz' }, body, options).ok).toBe(false);
  });

  it('checks a generic HMAC header over timestamp.body with the configured header name', () => {
    const mac = createHmac('sha256', 'generic-secret-1234').update(`${ts}.`).update(body).digest('hex');
    const headers = { 'x-ci-signature': mac, 'x-timestamp': ts, 'x-event-id': 'e-9' };
    const generic = { ...options, signatureHeader: 'X-CI-Signature' };
    expect(verifyInboundSignature('hmac-header', 'generic-secret-1234', headers, body, generic)).toEqual({ ok: true, eventId: 'e-9' });
    expect(verifyInboundSignature('hmac-header', 'generic-secret-1234', { ...headers, 'x-timestamp': String(Number(ts) + 1) }, body, generic).ok).toBe(false);
    expect(verifyInboundSignature('hmac-header', 'generic-secret-1234', { 'x-timestamp': ts }, body, generic).ok).toBe(false);
  });
});
