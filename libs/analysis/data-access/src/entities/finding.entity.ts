import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FindingEvidenceRecord, FindingLocationRecord } from '../analysis-record.types.js';
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
