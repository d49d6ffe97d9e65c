import { fingerprintOf } from './fingerprint.js';

describe('fingerprintOf', () => {
  it('is sha256 hex and ignores host, query and trailing slash', () => {
    const a = fingerprintOf('http.cors.x', { url: 'http://a.example/users/?q=1', method: 'get' });
    const b = fingerprintOf('http.cors.x', { url: 'https://b.example/users', method: 'GET' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });

  it('separates rules, methods, paths and pointers', () => {
    const base = fingerprintOf('r', { url: 'http://a/x', method: 'GET' });
    expect(fingerprintOf('r2', { url: 'http://a/x', method: 'GET' })).not.toBe(base);
    expect(fingerprintOf('r', { url: 'http://a/x', method: 'POST' })).not.toBe(base);
    expect(fingerprintOf('r', { url: 'http://a/y', method: 'GET' })).not.toBe(base);
    expect(fingerprintOf('r', { pointer: '/paths/~1x/get' })).not.toBe(
      fingerprintOf('r', { pointer: '/paths/~1y/get' }),
    );
  });

  it('ignores line numbers, which move when unrelated parts of a spec change', () => {
    expect(fingerprintOf('r', { pointer: '/a', line: 3 })).toBe(fingerprintOf('r', { pointer: '/a', line: 90 }));
  });
});
