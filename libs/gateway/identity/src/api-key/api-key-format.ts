import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this marker, so secret scanners (and people) recognise a leaked key. */
export const API_KEY_MARKER = 'so_live_';
const SECRET_LENGTH = 32;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const API_KEY_PATTERN = /^so_live_[0-9A-Za-z]{32}$/;
/** Length of the indexed lookup prefix. */
export const API_KEY_PREFIX_LENGTH = 8;

/** A new key: `so_live_` + 32 base62 characters (~190 bits) from the CSPRNG, without modulo bias. */
export function generateApiKey(): string {
  let secret = '';
  while (secret.length < SECRET_LENGTH) {
    for (const byte of randomBytes(SECRET_LENGTH * 2)) {
      // 248 = 4 * 62: bytes above it are dropped so every character is equally likely.
      if (byte < 248 && secret.length < SECRET_LENGTH) secret += BASE62[byte % 62];
    }
  }
  return API_KEY_MARKER + secret;
}

export function isWellFormedApiKey(value: unknown): value is string {
  return typeof value === 'string' && API_KEY_PATTERN.test(value);
}

/**
 * The indexed lookup prefix: the first 8 characters of the random part. (The first 8 characters of
 * the whole key are always `so_live_`, which would make the index useless.)
 */
export function apiKeyLookupPrefix(key: string): string {
  return key.slice(API_KEY_MARKER.length, API_KEY_MARKER.length + API_KEY_PREFIX_LENGTH);
}

/** Hex SHA-256 of the full key; only this is stored. A fast hash is enough for 190 random bits. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes, so response timing does not leak matching bytes. */
export function apiKeyHashesEqual(leftHex: string, rightHex: string): boolean {
  const left = Buffer.from(leftHex, 'hex');
  const right = Buffer.from(rightHex, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}
