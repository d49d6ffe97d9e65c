import { classifyResponse, describeTransportError } from './attempt-classifier.js';

const response = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: '' });

describe('classifyResponse', () => {
  it.each([200, 201, 202, 204, 299])('treats %i as success', (status) => {
    expect(classifyResponse(response(status))).toEqual({ kind: 'succeeded' });
  });

  it.each([301, 302, 307, 308])('treats redirect %i as a retryable failure that is not followed', (status) => {
    expect(classifyResponse(response(status))).toMatchObject({
      kind: 'retryable',
      reason: expect.stringContaining('not followed'),
    });
  });

  it.each([400, 401, 404, 500, 502, 504])('retries %i', (status) => {
    expect(classifyResponse(response(status))).toEqual({ kind: 'retryable', reason: `HTTP ${status}` });
  });

  it('marks 410 as gone', () => {
    expect(classifyResponse(response(410)).kind).toBe('gone');
  });

  it('carries Retry-After on 429 and 503 only', () => {
    expect(classifyResponse(response(429, { 'retry-after': '7' }))).toMatchObject({ retryAfterMs: 7_000 });
    expect(classifyResponse(response(503, { 'retry-after': '3' }))).toMatchObject({ retryAfterMs: 3_000 });
    expect(classifyResponse(response(500, { 'retry-after': '3' }))).not.toHaveProperty('retryAfterMs');
  });
});

describe('describeTransportError', () => {
  it('names the error code and bounds the text', () => {
    expect(
      describeTransportError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
    ).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1');
    expect(describeTransportError(new DOMException('signal timed out', 'TimeoutError'))).toMatch(/^timeout/);
    expect(describeTransportError(new Error('x'.repeat(2000)))).toHaveLength(500);
  });
});
