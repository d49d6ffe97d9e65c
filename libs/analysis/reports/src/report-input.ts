import type { ReportAnalysis } from './report.types.js';
import { ReportInputError } from './report-input.error.js';

/** UTC ISO 8601 for a Date or a date string; refuses what is not a date instead of printing "Invalid Date". */
export function isoTimestamp(value: string | Date, field: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ReportInputError(`analysis.${field} is not a valid date: ${JSON.stringify(String(value))}`);
  }
  return date.toISOString();
}

export interface AnalysisTimes {
  startedAt: string;
  completedAt: string;
  /** completedAt - startedAt, never negative. */
  durationMs: number;
}

export function analysisTimes(analysis: ReportAnalysis): AnalysisTimes {
  const startedAt = isoTimestamp(analysis.startedAt, 'startedAt');
  const completedAt = isoTimestamp(analysis.completedAt, 'completedAt');
  return { startedAt, completedAt, durationMs: Math.max(0, Date.parse(completedAt) - Date.parse(startedAt)) };
}

/** True when `specPath` is a URL the spec was fetched from rather than a file. */
export function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^file:/i.test(value);
}
