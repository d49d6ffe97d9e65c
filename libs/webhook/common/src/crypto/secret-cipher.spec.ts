import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher.js';

describe(SecretCipher.name, () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips a secret for the same context', () => {
    const value = cipher.encrypt('whsec_c2VjcmV0', 'endpoint-1');
    expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(value).not.toContain('c2VjcmV0');
    expect(cipher.decrypt(value, 'endpoint-1')).toBe('whsec_c2VjcmV0');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same', 'ctx')).not.toBe(cipher.encrypt('same', 'ctx'));
  });

  it('refuses a ciphertext moved to another context', () => {
    const value = cipher.encrypt('whsec_c2VjcmV0', 'endpoint-1');
    expect(() => cipher.decrypt(value, 'endpoint-2')).toThrow();
  });

  it('refuses a tampered ciphertext and one made with another key', () => {
    const value = cipher.encrypt('whsec_c2VjcmV0', 'endpoint-1');
    const parts = value.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => cipher.decrypt([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'endpoint-1')).toThrow();
    expect(() => new SecretCipher(randomBytes(32)).decrypt(value, 'endpoint-1')).toThrow();
  });

  it('rejects keys that are not 32 bytes and unknown formats', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow(/32-byte/);
    expect(() => cipher.decrypt('v2.a.b.c', 'ctx')).toThrow(/format/);
  });
});
