import { WebhookException } from '@so/webhook-common';
import { validateCreateEndpoint, validateEndpointId, validateProjectFilter } from './endpoint-input.validator.js';

function violationsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookException);
    const exception = error as WebhookException;
    expect(exception.kind).toBe('INVALID_ARGUMENT');
    return exception.violations;
  }
  throw new Error('expected a validation error');
}

describe('validateCreateEndpoint', () => {
  it('normalises a valid endpoint', () => {
    expect(
      validateCreateEndpoint({
        url: ' https://Hooks.Example.com/in#frag ',
        eventTypes: ['analysis.*', ' analysis.* ', 'finding.detected'],
        description: '  CI  ',
        projectId: '',
      }),
    ).toEqual({
      url: 'https://hooks.example.com/in',
      eventTypes: ['analysis.*', 'finding.detected'],
      description: 'CI',
      projectId: null,
      rateLimitPerSecond: null,
      headers: {},
      filter: null,
      signingScheme: 'hmac',
      ordered: false,
    });
  });

  it('accepts delivery options and refuses reserved headers, bad filters and unknown schemes at once', () => {
    expect(
      validateCreateEndpoint({
        url: 'https://hooks.example.com/in',
        eventTypes: ['*'],
        rateLimitPerSecond: 5,
        headers: { 'X-Tenant': 'acme' },
        filterJson: '{"data":{"status":"FAILED"}}',
        signingScheme: 'ed25519',
      }),
    ).toMatchObject({ rateLimitPerSecond: 5, headers: { 'x-tenant': 'acme' }, filter: { data: { status: 'FAILED' } }, signingScheme: 'ed25519' });
    try {
      validateCreateEndpoint({
        url: 'https://hooks.example.com/in',
        eventTypes: ['*'],
        rateLimitPerSecond: -1,
        headers: { 'Webhook-Signature': 'forged', 'x-ok': 'a\nb' },
        filterJson: '[1]',
        signingScheme: 'rsa',
      });
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as { violations: Array<{ field: string }> }).violations.map((v) => v.field).sort()).toEqual([
        'filter',
        'headers.Webhook-Signature',
        'headers.x-ok',
        'rateLimitPerSecond',
        'signingScheme',
      ]);
    }
  });

  it('reports every problem at once', () => {
    const violations = violationsOf(() =>
      validateCreateEndpoint({
        url: 'javascript:alert(1)',
        eventTypes: ['*', 'analysis.boom'],
        description: 'x'.repeat(501),
        projectId: 'Bad Key',
      }),
    );
    expect(violations.map((v) => v.field)).toEqual(['url', 'eventTypes[1]', 'description', 'projectId']);
  });

  it('requires at least one event type', () => {
    expect(violationsOf(() => validateCreateEndpoint({ url: 'http://a.example', eventTypes: [] }))).toEqual([
      { field: 'eventTypes', description: 'subscribe to at least one event type (or "*")' },
    ]);
  });

  it('refuses credentials in the URL', () => {
    expect(
      violationsOf(() => validateCreateEndpoint({ url: 'https://u:p@a.example', eventTypes: ['*'] }))[0]?.description,
    ).toMatch(/credentials/);
  });
});

describe('validateEndpointId / validateProjectFilter', () => {
  it('accepts UUIDs (lower-cased) and project keys', () => {
    expect(validateEndpointId('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(validateProjectFilter('shop-api')).toBe('shop-api');
    expect(validateProjectFilter('')).toBeNull();
  });

  it('rejects malformed ids and keys', () => {
    expect(violationsOf(() => validateEndpointId('1; DROP TABLE'))).toEqual([
      { field: 'id', description: 'must be a UUID' },
    ]);
    expect(violationsOf(() => validateProjectFilter('-nope'))[0]?.field).toBe('projectId');
  });
});
