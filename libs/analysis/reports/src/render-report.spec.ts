import { renderReport, REPORT_FORMATS, reportFormatForFile } from './render-report.js';
import { reportModel } from './testing/report-fixtures.js';

describe('renderReport', () => {
  it.each(REPORT_FORMATS)('renders %s', (format) => {
    const text = renderReport(reportModel(), format);
    expect(text.length).toBeGreaterThan(100);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('passes the threshold and SARIF anchor through', () => {
    expect(renderReport(reportModel(), 'junit', { failOn: 'none' })).toContain('failures="0"');
    expect(renderReport(reportModel(), 'text', { failOn: 'critical' })).toContain(
      'PASS: no findings at or above critical',
    );
    expect(renderReport(reportModel(), 'sarif', { sarifAnchorUri: 'ci/scan.yml' })).toContain('"uri": "ci/scan.yml"');
  });

  it('refuses an unknown format', () => {
    expect(() => renderReport(reportModel(), 'pdf' as never)).toThrow(
      /unknown report format "pdf"; use one of sarif, json/,
    );
  });
});

describe('reportFormatForFile', () => {
  it.each([
    ['out/results.sarif', 'sarif'],
    ['results.sarif.json', 'sarif'],
    ['report.JSON', 'json'],
    ['junit.xml', 'junit'],
    ['report.html', 'html'],
    ['summary.txt', 'text'],
    ['report.pdf', undefined],
  ])('%s -> %s', (file, format) => {
    expect(reportFormatForFile(file)).toBe(format);
  });
});
