import { describe, expect, it } from '@jest/globals';
import { isHttpUrl } from '../common/request-fields.js';
import { violationsOf } from '../common/zod-validation.pipe.js';
import { AnalyzeSecurityRequestSchema } from './analyze-security.request.js';

const fieldsOf = (body: unknown) => {
  const result = AnalyzeSecurityRequestSchema.safeParse(body);
  return result.success ? [] : violationsOf(result.error).map((v) => v.field);
};

describe('AnalyzeSecurityRequestSchema', () => {
  it('accepts a target URL, a spec, or both, with an optional config', () => {
    expect(fieldsOf({ projectId: 'shop-api', targetUrl: 'https://api.shop.test/v1' })).toEqual([]);
    expect(fieldsOf({ projectId: 'shop.api_2', openapiSpec: 'openapi: 3.0.0' })).toEqual([]);
    expect(
      fieldsOf({
        projectId: 's',
        targetUrl: 'http://localhost:8080',
        openapiSpec: '{}',
        config: { deepScan: true, maxDepth: 3 },
      }),
    ).toEqual([]);
  });

  it('needs a target URL or a spec', () => {
    expect(fieldsOf({ projectId: 'shop' })).toEqual(['targetUrl']);
  });

  it('refuses URLs that are not absolute http(s)', () => {
    for (const targetUrl of [
      'file:///etc/passwd',
      'ftp://host/x',
      'javascript:alert(1)',
      '/relative',
      'http://',
      'gopher://h:70/_x',
    ]) {
      expect(fieldsOf({ projectId: 'shop', targetUrl })).toEqual(['targetUrl']);
    }
  });

  it('refuses project keys that break the convention', () => {
    for (const projectId of ['', 'Shop', '-shop', 'a'.repeat(64), 'shop api', 'shop/../x']) {
      expect(fieldsOf({ projectId, targetUrl: 'https://x.test' })).toEqual(['projectId']);
    }
  });

  it('refuses unknown fields and out-of-range config values, naming each', () => {
    expect(
      fieldsOf({
        projectId: 'shop',
        targetUrl: 'https://x.test',
        target_url: 'x',
        config: { maxDepth: 0, timeoutSeconds: 1.5, turbo: true },
      }).sort(),
    ).toEqual(['(body)', 'config', 'config.maxDepth', 'config.timeoutSeconds']);
  });
});

describe('isHttpUrl', () => {
  it('is true only for absolute http and https URLs with a host', () => {
    expect(isHttpUrl('https://example.test')).toBe(true);
    expect(isHttpUrl('HTTP://EXAMPLE.TEST:8080/a?b')).toBe(true);
    expect(isHttpUrl('data:text/plain,hi')).toBe(false);
    expect(isHttpUrl('not a url')).toBe(false);
  });
});
