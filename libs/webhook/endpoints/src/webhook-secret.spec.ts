import { generateWebhookSecret } from './webhook-secret.js';

describe('generateWebhookSecret', () => {
  it('produces Standard Webhooks secrets: whsec_ + base64 of 24 random bytes', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateWebhookSecret()));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    }
  });
});
