import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AnalysisConfigRecord, AnalysisMetricsRecord } from '../analysis-record.types.js';
import { AnalysisStatus } from '../analysis-status.js';

/** One run of the engine against a target and/or an OpenAPI document. */
@Entity({ name: 'analyses' })
export class AnalysisEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** projects.id (uuid); the public project id is the project's key. */
  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'enum', enum: AnalysisStatus, enumName: 'analysis_status' })
  status!: AnalysisStatus;

  @Column({ name: 'target_url', type: 'text', nullable: true })
  targetUrl!: string | null;

  @Column({ name: 'spec_text', type: 'text', nullable: true })
  specText!: string | null;

  @Column({ type: 'jsonb' })
  config!: AnalysisConfigRecord;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'progress_percent', type: 'smallint' })
  progressPercent!: number;

  @Column({ type: 'text', nullable: true })
  stage!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metrics!: AnalysisMetricsRecord | null;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
