import { ALL_FINDINGS, CORS_FINDING, HOSTILE_TEXT, reportModel, WRITE_FINDING } from '../testing/report-fixtures.js';
import { diffFindings } from '../diff/diff-findings.js';
import { renderTextSummary } from './text-summary.js';

describe('renderTextSummary', () => {
  it('summarises the run and lists findings most severe first', () => {
    const text = renderTextSummary(reportModel());
    expect(text).toContain('SecurityOrchestrator 0.1.0 · analysis an-123');
    expect(text).toContain('Target:     http://127.0.0.1:8080/v1');
    expect(text).toContain('Score:      64/100 · 6 findings: 0 critical, 3 high, 0 medium, 2 low, 1 info');
    expect(text).toContain('Operations: 4 declared, 3 probed');
    expect(text).toContain('HIGH     API2:2023  Write operation without authentication');
    expect(text).toContain('spec.auth.write-without-security · POST /users (spec line 11)');
    expect(text).toContain('  - probe of GET /slow timed out');
  });

  it('ends with a verdict for the failure threshold', () => {
    expect(renderTextSummary(reportModel(), { failOn: 'high' })).toMatch(/FAIL: 3 findings at or above high\n$/);
    expect(renderTextSummary(reportModel(), { failOn: 'critical' })).toMatch(
      /PASS: no findings at or above critical\n$/,
    );
    expect(renderTextSummary(reportModel(), { failOn: 'none' })).not.toMatch(/PASS|FAIL/);
  });

  it('strips terminal control sequences that a scanned API could plant', () => {
    const text = renderTextSummary(reportModel({ findings: [{ ...CORS_FINDING, title: HOSTILE_TEXT }] }));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text).toContain('[31mred');
  });

  it('caps the list and reports changes since a baseline', () => {
    const text = renderTextSummary(reportModel(), {
      maxFindings: 2,
      changes: diffFindings([CORS_FINDING, { ...WRITE_FINDING, fingerprint: 'gone', title: 'Old flaw' }], ALL_FINDINGS),
    });
    expect(text).toContain('... and 4 more (see the full report)');
    expect(text).toContain('Since the baseline: 5 new, 1 fixed, 1 remaining');
    expect(text).toContain('  - HIGH     Old flaw (spec.auth.write-without-security)');
  });
});
