import { z } from 'zod';
import { ReportInputError } from '../report-input.error.js';
import { SEVERITIES } from '../severity.js';
import { JSON_REPORT_SCHEMA_VERSION, type JsonReport } from './json-report.types.js';

// Only what a consumer of an earlier report relies on (diffing by fingerprint) is checked strictly;
// the rest passes through so a report from a newer minor version still loads.
const findingSchema = z.looseObject({
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  title: z.string(),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  category: z.string(),
  location: z.looseObject({}),
});

const reportSchema = z.looseObject({
  schemaVersion: z.literal(JSON_REPORT_SCHEMA_VERSION),
  findings: z.array(findingSchema),
});

/** Reads a report written by `renderJsonReport` (e.g. the previous CI run's, to diff against). */
export function parseJsonReport(text: string): JsonReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`not a JSON report: ${(error as Error).message}`);
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'report';
    throw new ReportInputError(
      `not a JSON report (schemaVersion ${JSON_REPORT_SCHEMA_VERSION}): ${where}: ${issue?.message}`,
    );
  }
  return parsed.data as unknown as JsonReport;
}
