import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  apiKeyHashesEqual,
  apiKeyLookupPrefix,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
} from './api-key-format.js';

describe('API key format', () => {
  it('generates so_live_ keys with 32 base62 characters', () => {
    for (let i = 0; i < 200; i++) expect(generateApiKey()).toMatch(/^so_live_[0-9A-Za-z]{32}$/);
  });

  it('never repeats a key and uses the whole alphabet', () => {
    const keys = Array.from({ length: 2000 }, generateApiKey);
    expect(new Set(keys).size).toBe(keys.length);
    const characters = new Set(keys.join('').replaceAll('so_live_', ''));
    expect(characters.size).toBe(62);
  });

  it('recognises well-formed keys only', () => {
    expect(isWellFormedApiKey(generateApiKey())).toBe(true);
    expect(isWellFormedApiKey('so_live_' + 'a'.repeat(31))).toBe(false);
    expect(isWellFormedApiKey('so_live_' + 'a'.repeat(33))).toBe(false);
    expect(isWellFormedApiKey('so_test_' + 'a'.repeat(32))).toBe(false);
    expect(isWellFormedApiKey('so_live_' + 'a'.repeat(31) + '-')).toBe(false);
    expect(isWellFormedApiKey(' so_live_' + 'a'.repeat(32))).toBe(false);
    expect(isWellFormedApiKey(undefined)).toBe(false);
  });

  it('uses the first 8 characters of the random part as lookup prefix', () => {
    expect(apiKeyLookupPrefix('so_live_ABCDEFGH' + 'x'.repeat(24))).toBe('ABCDEFGH');
  });

  it('hashes the full key with SHA-256', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).not.toBe(hashApiKey(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')));
  });

  it('compares hashes exactly and refuses anything that is not a SHA-256', () => {
    const hash = hashApiKey(generateApiKey());
    expect(apiKeyHashesEqual(hash, hash)).toBe(true);
    expect(apiKeyHashesEqual(hash, hashApiKey(generateApiKey()))).toBe(false);
    expect(apiKeyHashesEqual(hash, hash.slice(0, 62))).toBe(false);
    expect(apiKeyHashesEqual('', '')).toBe(false);
  });
});
