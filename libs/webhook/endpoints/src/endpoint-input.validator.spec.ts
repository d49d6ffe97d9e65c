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
    });
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
