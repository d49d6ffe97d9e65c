import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from './credentials.cipher.js';

describe(CredentialsCipher.name, () => {
  const cipher = new CredentialsCipher(randomBytes(32));

  it('round-trips credentials without the plaintext appearing in the envelope', () => {
    const envelope = cipher.encrypt('{"token":"s3cr3t-value"}', 'org-1:int-1');
    expect(envelope).toMatch(/^v1\./);
    expect(envelope).not.toContain('s3cr3t');
    expect(Buffer.from(envelope.split('.')[3] ?? '', 'base64url').toString('utf8')).not.toContain('s3cr3t');
    expect(cipher.decrypt(envelope, 'org-1:int-1')).toBe('{"token":"s3cr3t-value"}');
  });

  it('refuses a ciphertext moved to another row, tampered with, or made with another key', () => {
    const envelope = cipher.encrypt('secret', 'org-1:int-1');
    expect(() => cipher.decrypt(envelope, 'org-2:int-1')).toThrow();
    const parts = envelope.split('.');
    const flipped = Buffer.from(parts[3] ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'), 'org-1:int-1')).toThrow();
    expect(() => new CredentialsCipher(randomBytes(32)).decrypt(envelope, 'org-1:int-1')).toThrow();
    expect(() => new CredentialsCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
