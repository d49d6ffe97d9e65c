import { Injectable } from '@nestjs/common';
import { SecretCipher } from '@so/webhook-common';
import type { WebhookEndpointEntity } from '@so/webhook-data-access';
import { prepareSigningKey, type PreparedSigningKey } from './webhook-signature.js';

/** Keys remembered; beyond this the memory starts over (one entry per endpoint secret in use). */
const CACHE_MAX_ENTRIES = 10_000;

/**
 * Decrypted, parsed signing keys by ciphertext. Decrypting (AES-GCM) and parsing a key for every
 * delivery cost more than the signature itself; a ciphertext always decrypts to the same key, so
 * the cache can never hand out a stale one: a rotated secret has a new ciphertext. The entry is
 * bound to the endpoint id too, as the ciphertext is (its authenticated data).
 */
@Injectable()
export class SigningKeyCache {
  private readonly keys = new Map<string, PreparedSigningKey>();

  constructor(private readonly cipher: SecretCipher) {}

  /** The current key, plus the pre-rotation one while its grace period lasts. */
  keysFor(endpoint: WebhookEndpointEntity, now = Date.now()): PreparedSigningKey[] {
    const keys = [this.key(endpoint, endpoint.secretCiphertext)];
    if (
      endpoint.previousSecretCiphertext &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt.getTime() > now
    ) {
      keys.push(this.key(endpoint, endpoint.previousSecretCiphertext));
    }
    return keys;
  }

  private key(endpoint: WebhookEndpointEntity, ciphertext: string): PreparedSigningKey {
    const cacheKey = `${endpoint.id}\u0000${endpoint.signingScheme}\u0000${ciphertext}`;
    const cached = this.keys.get(cacheKey);
    if (cached) return cached;
    const plaintext = this.cipher.decrypt(ciphertext, endpoint.id);
    const prepared = prepareSigningKey(
      endpoint.signingScheme === 'ed25519'
        ? { scheme: 'ed25519', privateKey: plaintext }
        : { scheme: 'hmac', secret: plaintext },
    );
    if (this.keys.size >= CACHE_MAX_ENTRIES) this.keys.clear();
    this.keys.set(cacheKey, prepared);
    return prepared;
  }
}
