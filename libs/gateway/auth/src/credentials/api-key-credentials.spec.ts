import { describe, expect, it } from '@jest/globals';
import { DomainException } from '@so/shared';
import { extractApiKey } from './api-key-credentials.js';

const KEY = 'so_live_0123456789abcdefghijABCDEFGHIJKL';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainException ? error.code : 'not a DomainException';
  }
}

describe('extractApiKey', () => {
  it('reads Authorization: Bearer (scheme case-insensitive)', () => {
    expect(extractApiKey({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(extractApiKey({ authorization: `bearer  ${KEY} ` })).toBe(KEY);
  });

  it('reads X-API-Key', () => {
    expect(extractApiKey({ 'x-api-key': ` ${KEY} ` })).toBe(KEY);
  });

  it('accepts both headers when they carry the same key and refuses different ones', () => {
    expect(extractApiKey({ authorization: `Bearer ${KEY}`, 'x-api-key': KEY })).toBe(KEY);
    expect(codeOf(() => extractApiKey({ authorization: `Bearer ${KEY}`, 'x-api-key': KEY.replace('0', '1') }))).toBe(
      'AUTH.INVALID_API_KEY',
    );
  });

  it('reports missing credentials, also for another Authorization scheme', () => {
    expect(codeOf(() => extractApiKey({}))).toBe('AUTH.MISSING_CREDENTIALS');
    expect(codeOf(() => extractApiKey({ authorization: 'Basic dXNlcjpwYXNz' }))).toBe('AUTH.MISSING_CREDENTIALS');
    expect(codeOf(() => extractApiKey({ authorization: 'Bearer' }))).toBe('AUTH.MISSING_CREDENTIALS');
    expect(codeOf(() => extractApiKey({ 'x-api-key': '  ' }))).toBe('AUTH.MISSING_CREDENTIALS');
  });

  it('passes a malformed key on (verification refuses it as invalid, not missing)', () => {
    expect(extractApiKey({ 'x-api-key': 'nope' })).toBe('nope');
  });
});
