import { CORS_FINDING, HEADERS_FINDING, SCHEMA_FINDING, WRITE_FINDING } from '../testing/report-fixtures.js';
import { diffFindings } from './diff-findings.js';

describe('diffFindings', () => {
  it('splits findings into new, fixed and remaining by fingerprint', () => {
    const changedText = { ...HEADERS_FINDING, title: 'reworded', severity: 'medium' as const };
    const diff = diffFindings(
      [CORS_FINDING, HEADERS_FINDING, SCHEMA_FINDING],
      [changedText, WRITE_FINDING, SCHEMA_FINDING],
    );
    expect(diff.new).toEqual([WRITE_FINDING]);
    expect(diff.fixed).toEqual([CORS_FINDING]);
    // The current version wins: titles and severities may change while the flaw stays the same.
    expect(diff.remaining).toEqual([changedText, SCHEMA_FINDING]);
  });

  it('handles empty runs and counts a repeated fingerprint once', () => {
    expect(diffFindings([], [CORS_FINDING, CORS_FINDING])).toEqual({ new: [CORS_FINDING], fixed: [], remaining: [] });
    expect(diffFindings([WRITE_FINDING, WRITE_FINDING], [])).toEqual({
      new: [],
      fixed: [WRITE_FINDING],
      remaining: [],
    });
    expect(diffFindings([], [])).toEqual({ new: [], fixed: [], remaining: [] });
  });

  it('works on anything with a fingerprint (e.g. findings read back from a JSON report)', () => {
    expect(diffFindings([{ fingerprint: 'a' }], [{ fingerprint: 'a' }, { fingerprint: 'b' }])).toEqual({
      new: [{ fingerprint: 'b' }],
      fixed: [],
      remaining: [{ fingerprint: 'a' }],
    });
  });
});
