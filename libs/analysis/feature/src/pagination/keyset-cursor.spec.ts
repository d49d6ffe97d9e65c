import { DomainException } from '@so/shared';
import { decodeCursor, encodeCursor, PAGE_SIZE, pageSize } from './keyset-cursor.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainException ? error.code : 'not a domain error';
  }
  return undefined;
}

describe(decodeCursor.name, () => {
  it('returns the values encoded for the same list', () => {
    const cursor = encodeCursor('project-analyses', ['2026-11-27T05:00:00.123456Z', 'a-b']);
    expect(decodeCursor('project-analyses', cursor, 'after', 2)).toEqual(['2026-11-27T05:00:00.123456Z', 'a-b']);
  });

  it.each([
    ['a cursor of another list', encodeCursor('vulnerability-search', ['1', '2'])],
    ['a cursor with too few values', encodeCursor('project-analyses', ['1'])],
    ['text that is not base64 JSON', 'not-a-cursor'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a huge string', 'x'.repeat(10_000)],
  ])('refuses %s with ANALYSIS.INVALID_CURSOR', (_what, cursor) => {
    expect(codeOf(() => decodeCursor('project-analyses', cursor, 'after', 2))).toBe('ANALYSIS.INVALID_CURSOR');
  });
});

describe(pageSize.name, () => {
  it('defaults when absent and accepts 1..max', () => {
    expect(pageSize(undefined)).toBe(PAGE_SIZE.default);
    expect(pageSize(null)).toBe(PAGE_SIZE.default);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(PAGE_SIZE.max)).toBe(PAGE_SIZE.max);
  });

  it.each([0, -1, PAGE_SIZE.max + 1, 2.5])('refuses %s with ANALYSIS.INVALID_PAGE_SIZE', (first) => {
    expect(codeOf(() => pageSize(first))).toBe('ANALYSIS.INVALID_PAGE_SIZE');
  });
});
