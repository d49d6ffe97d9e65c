import type { FindingEvidence, FindingLocation, OwaspApiCategory, Severity } from '@so/analysis-engine';

/** Bumped only on a breaking change of the shape below; additions keep the number. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

/**
 * `--format json`: the documented, stable shape (README "JSON report"). Keys are always present
 * (`null` when unknown) so consumers need no existence checks.
 */
export interface JsonReport {
  schemaVersion: typeof JSON_REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string; informationUri: string | null };
  analysis: {
    id: string | null;
    target: string | null;
    specPath: string | null;
    startedAt: string;
    completedAt: string;
    durationMs: number;
  };
  summary: {
    total: number;
    /** 0..100, 100 = nothing found. */
    score: number;
    bySeverity: Record<Severity, number>;
    /** Only categories with findings, in OWASP list order. */
    byCategory: Partial<Record<OwaspApiCategory, number>>;
    operationsDeclared: number;
    operationsCovered: number;
  };
  findings: JsonReportFinding[];
  warnings: string[];
}

export interface JsonReportFinding {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  category: OwaspApiCategory;
  categoryName: string;
  cweId: string;
  description: string;
  recommendation: string;
  location: FindingLocation;
  evidence: FindingEvidence | null;
}
