import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The record of one domain event the integration service received (finding detected, analysis
 * completed): what connectors act on, and what the subgraph lists per analysis. `event_id` is
 * unique, which is what makes recording idempotent under at-least-once delivery.
 */
@Entity({ name: 'integration_events' })
@Index('integration_events_org_analysis', ['orgId', 'analysisId', 'occurredAt'])
export class IntegrationEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'project_id', type: 'text' })
  projectId!: string;

  @Column({ name: 'analysis_id', type: 'uuid' })
  analysisId!: string;

  @Column({ name: 'finding_id', type: 'text', nullable: true })
  findingId!: string | null;

  @Column({ name: 'finding_fingerprint', type: 'text', nullable: true })
  findingFingerprint!: string | null;

  @Column({ name: 'finding_severity', type: 'text', nullable: true })
  findingSeverity!: string | null;

  @Column({ name: 'finding_title', type: 'text', nullable: true })
  findingTitle!: string | null;

  @Column({ name: 'finding_rule_id', type: 'text', nullable: true })
  findingRuleId!: string | null;

  @Column({ name: 'owasp_category', type: 'text', nullable: true })
  owaspCategory!: string | null;

  @Column({ name: 'analysis_status', type: 'text', nullable: true })
  analysisStatus!: string | null;

  @Column({ name: 'finding_count', type: 'integer', nullable: true })
  findingCount!: number | null;

  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  /** The event's own data, kept whole for connectors that need more than the columns above. */
  @Column({ type: 'jsonb' })
  payload!: object;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** Recording order (an identity sequence): breaks ties between events of the same millisecond. */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  arrival!: string;
}
