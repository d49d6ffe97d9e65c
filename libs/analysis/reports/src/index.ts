export type { FindingsDiff, ReportAnalysis, ReportModel, ReportTool } from './report.types.js';
export { ReportInputError } from './report-input.error.js';
export { reportTool } from './report-tool.js';
export {
  isReportFormat,
  renderReport,
  reportFormatForFile,
  REPORT_FORMAT_INFO,
  REPORT_FORMATS,
  type RenderOptions,
  type ReportFormat,
} from './render-report.js';
export {
  renderSarif,
  toSarif,
  SARIF_FINGERPRINT_KEY,
  SARIF_SCHEMA_URI,
  type SarifOptions,
} from './sarif/sarif-report.js';
export { renderJsonReport, toJsonReport } from './json/json-report.js';
export { parseJsonReport } from './json/parse-json-report.js';
export { JSON_REPORT_SCHEMA_VERSION, type JsonReport, type JsonReportFinding } from './json/json-report.types.js';
export { renderJunit, type JunitOptions } from './junit/junit-report.js';
export { renderHtmlReport } from './html/html-report.js';
export { renderTextSummary, type TextSummaryOptions } from './text/text-summary.js';
export { diffFindings } from './diff/diff-findings.js';
export {
  countBySeverity,
  findingsAtOrAbove,
  isAtLeast,
  isSeverity,
  SECURITY_SEVERITY_SCORE,
  SEVERITIES,
  severityRank,
} from './severity.js';
export { OWASP_API_CATEGORIES, owaspCategoryName } from './owasp-categories.js';
export { escapeHtml, escapeXml, sanitizeTerminalText } from './escape.js';
