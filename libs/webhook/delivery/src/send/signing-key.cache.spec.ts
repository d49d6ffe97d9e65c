import { jest } from '@jest/globals';
import { SecretCipher } from '@so/webhook-common';
import { WebhookEndpointEntity } from '@so/webhook-data-access';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { SigningKeyCache } from './signing-key.cache.js';
import { signatureHeader } from './webhook-signature.js';

describe(SigningKeyCache.name, () => {
  const cipher = new SecretCipher(randomBytes(32));
  const current = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const previous = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

  function endpoint(fields: Partial<WebhookEndpointEntity> = {}): WebhookEndpointEntity {
    return Object.assign(new WebhookEndpointEntity(), {
      id: 'ep-1',
      signingScheme: 'hmac',
      secretCiphertext: cipher.encrypt(current, 'ep-1'),
      previousSecretCiphertext: null,
      previousSecretExpiresAt: null,
      ...fields,
    });
  }

  function verifies(secret: string, header: string, body: string, timestamp: number): boolean {
    try {
      new Webhook(secret).verify(body, {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': header,
      });
      return true;
    } catch {
      return false;
    }
  }

  it('decrypts a ciphertext once and signs as the plain secret does', () => {
    const decrypt = jest.spyOn(cipher, 'decrypt');
    const cache = new SigningKeyCache(cipher);
    const target = endpoint();
    const timestamp = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++) {
      const header = signatureHeader(cache.keysFor(target), 'msg_1', timestamp, '{"a":1}');
      expect(header).toBe(signatureHeader([{ scheme: 'hmac', secret: current }], 'msg_1', timestamp, '{"a":1}'));
      expect(verifies(current, header, '{"a":1}', timestamp)).toBe(true);
    }
    expect(decrypt).toHaveBeenCalledTimes(1);
    decrypt.mockRestore();
  });

  it('signs with the previous key only while its grace period lasts, and with a rotated key at once', () => {
    const cache = new SigningKeyCache(cipher);
    const now = Date.now();
    const rotated = endpoint({
      secretCiphertext: cipher.encrypt(previous, 'ep-1'),
      previousSecretCiphertext: cipher.encrypt(current, 'ep-1'),
      previousSecretExpiresAt: new Date(now + 60_000),
    });
    expect(cache.keysFor(endpoint(), now)).toHaveLength(1);
    expect(cache.keysFor(rotated, now)).toHaveLength(2);
    expect(cache.keysFor(rotated, now + 61_000)).toHaveLength(1);
    const timestamp = Math.floor(now / 1000);
    const header = signatureHeader(cache.keysFor(rotated, now + 61_000), 'msg_1', timestamp, '{}');
    expect(verifies(previous, header, '{}', timestamp)).toBe(true);
    expect(verifies(current, header, '{}', timestamp)).toBe(false);
  });

  it('refuses a ciphertext copied from another endpoint', () => {
    const cache = new SigningKeyCache(cipher);
    expect(() => cache.keysFor(endpoint({ id: 'ep-2' }))).toThrow();
  });
});
