import type { Severity } from '@so/analysis-engine';
import { renderHtmlReport } from './html/html-report.js';
import { renderJsonReport } from './json/json-report.js';
import { renderJunit } from './junit/junit-report.js';
import type { FindingsDiff, ReportModel } from './report.types.js';
import { ReportInputError } from './report-input.error.js';
import { renderSarif } from './sarif/sarif-report.js';
import { renderTextSummary } from './text/text-summary.js';

export const REPORT_FORMATS = ['sarif', 'json', 'junit', 'html', 'text'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Content type and usual file extension per format (HTTP downloads, `--output` inference). */
export const REPORT_FORMAT_INFO: Readonly<Record<ReportFormat, { mediaType: string; extensions: readonly string[] }>> =
  {
    sarif: { mediaType: 'application/sarif+json', extensions: ['.sarif', '.sarif.json'] },
    json: { mediaType: 'application/json', extensions: ['.json'] },
    junit: { mediaType: 'application/xml', extensions: ['.xml', '.junit.xml'] },
    html: { mediaType: 'text/html; charset=utf-8', extensions: ['.html', '.htm'] },
    text: { mediaType: 'text/plain; charset=utf-8', extensions: ['.txt', '.log'] },
  };

export interface RenderOptions {
  /** JUnit failures and the text verdict line; default `high`. */
  failOn?: Severity | 'none';
  /** SARIF: repository file to anchor results at when the spec is not a repository file. */
  sarifAnchorUri?: string;
  /** Text: changes since an earlier run. */
  changes?: FindingsDiff<{ fingerprint: string; severity: Severity; title: string; ruleId: string }>;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The format a file name implies (`report.sarif` -> sarif), longest extension first; undefined if none. */
export function reportFormatForFile(fileName: string): ReportFormat | undefined {
  const lower = fileName.toLowerCase();
  const candidates = REPORT_FORMATS.flatMap((format) =>
    REPORT_FORMAT_INFO[format].extensions.map((extension) => ({ format, extension })),
  ).sort((a, b) => b.extension.length - a.extension.length);
  return candidates.find(({ extension }) => lower.endsWith(extension))?.format;
}

/** Renders one report as text in the given format. */
export function renderReport(model: ReportModel, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'sarif':
      return renderSarif(model, options.sarifAnchorUri ? { anchorUri: options.sarifAnchorUri } : {});
    case 'json':
      return renderJsonReport(model);
    case 'junit':
      return renderJunit(model, { failOn: options.failOn ?? 'high' });
    case 'html':
      return renderHtmlReport(model);
    case 'text':
      return renderTextSummary(model, {
        failOn: options.failOn ?? 'high',
        ...(options.changes ? { changes: options.changes } : {}),
      });
    default:
      throw new ReportInputError(
        `unknown report format ${JSON.stringify(format)}; use one of ${REPORT_FORMATS.join(', ')}`,
      );
  }
}
