import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FindingEvidenceRecord, FindingLocationRecord } from '../analysis-record.types.js';
import {
  FINDING_OCCURRENCES,
  type AiAssessmentRecord,
  type FindingOccurrence,
} from '../finding-lifecycle.types.js';
import { FINDING_SEVERITIES, FINDING_STATUSES, type FindingSeverity, type FindingStatus } from '../analysis-status.js';

/** A flaw the engine found; unique per analysis by fingerprint, so a re-run job never duplicates it. */
@Entity({ name: 'findings' })
export class FindingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'analysis_id', type: 'uuid' })
  analysisId!: string;

  @Column({ name: 'rule_id', type: 'text' })
  ruleId!: string;

  @Column({ type: 'text' })
  title!: string;

  /** OWASP API Top 10 (2023) category, e.g. `API8:2023`. */
  @Column({ type: 'text' })
  category!: string;

  @Column({ name: 'cwe_id', type: 'text' })
  cweId!: string;

  @Column({ type: 'enum', enum: [...FINDING_SEVERITIES], enumName: 'finding_severity' })
  severity!: FindingSeverity;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  recommendation!: string;

  @Column({ type: 'jsonb' })
  location!: FindingLocationRecord;

  @Column({ type: 'jsonb', nullable: true })
  evidence!: FindingEvidenceRecord | null;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'enum', enum: [...FINDING_STATUSES], enumName: 'finding_status' })
  status!: FindingStatus;

  /** Why the status was set (carried over from an earlier run's triage, or given with the change). */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'status_changed_by', type: 'text', nullable: true })
  statusChangedBy!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  /** New or recurring since the previous analysis of the same subject, set when stored and final once it completed. */
  @Column({ type: 'enum', enum: [...FINDING_OCCURRENCES], enumName: 'finding_occurrence', nullable: true })
  occurrence!: FindingOccurrence | null;

  @Column({ name: 'ai_assessment', type: 'jsonb', nullable: true })
  aiAssessment!: AiAssessmentRecord | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
