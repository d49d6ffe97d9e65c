import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'SKIPPED', 'FAILED'] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

/**
 * The push of one analysis's findings to one integration. Unique per (integration, analysis), so a
 * redelivered `analysis.completed` event never schedules a second push.
 */
@Entity({ name: 'integration_deliveries' })
@Unique('integration_deliveries_integration_analysis', ['integrationId', 'analysisId'])
export class IntegrationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @Column({ name: 'analysis_id', type: 'uuid' })
  analysisId!: string;

  /** The `analysis.completed` event that caused it. */
  @Column({ name: 'trigger_event_id', type: 'uuid' })
  triggerEventId!: string;

  @Column({ type: 'text' })
  status!: DeliveryStatusName;

  /** Findings at or above the integration's threshold (set when the push runs). */
  @Column({ name: 'finding_count', type: 'integer', nullable: true })
  findingCount!: number | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
