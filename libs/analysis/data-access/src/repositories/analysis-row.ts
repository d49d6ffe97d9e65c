import type { AnalysisConfigRecord, AnalysisMetricsRecord } from '../analysis-record.types.js';
import type { AnalysisStatus } from '../analysis-status.js';
import { AnalysisEntity } from '../entities/analysis.entity.js';

/** An `analyses` row as node-postgres returns it (jsonb parsed, timestamptz as Date). */
export interface AnalysisRow {
  id: string;
  org_id: string;
  project_id: string;
  status: AnalysisStatus;
  target_url: string | null;
  spec_text: string | null;
  config: AnalysisConfigRecord;
  idempotency_key: string | null;
  progress_percent: number;
  stage: string | null;
  error_message: string | null;
  metrics: AnalysisMetricsRecord | null;
  correlation_id: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

/** Column list for hand-written SELECT / RETURNING clauses, in AnalysisRow order. */
export const ANALYSIS_COLUMNS = [
  'id',
  'org_id',
  'project_id',
  'status',
  'target_url',
  'spec_text',
  'config',
  'idempotency_key',
  'progress_percent',
  'stage',
  'error_message',
  'metrics',
  'correlation_id',
  'created_at',
  'started_at',
  'completed_at',
] as const;

export function analysisColumns(alias: string): string {
  return ANALYSIS_COLUMNS.map((column) => `${alias}."${column}"`).join(', ');
}

/**
 * The columns of a listed analysis: like analysisColumns, but the spec text (up to several MB per
 * row) is replaced by '' when present, which is all a list needs to say that a spec was given.
 */
export function analysisSummaryColumns(alias: string): string {
  return ANALYSIS_COLUMNS.map((column) =>
    column === 'spec_text'
      ? `CASE WHEN ${alias}."spec_text" IS NULL THEN NULL ELSE '' END AS "spec_text"`
      : `${alias}."${column}"`,
  ).join(', ');
}

export function toAnalysisEntity(row: AnalysisRow): AnalysisEntity {
  const entity = new AnalysisEntity();
  entity.id = row.id;
  entity.orgId = row.org_id;
  entity.projectId = row.project_id;
  entity.status = row.status;
  entity.targetUrl = row.target_url;
  entity.specText = row.spec_text;
  entity.config = row.config;
  entity.idempotencyKey = row.idempotency_key;
  entity.progressPercent = row.progress_percent;
  entity.stage = row.stage;
  entity.errorMessage = row.error_message;
  entity.metrics = row.metrics;
  entity.correlationId = row.correlation_id;
  entity.createdAt = row.created_at;
  entity.startedAt = row.started_at;
  entity.completedAt = row.completed_at;
  return entity;
}
