import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Circuit breaker of one integration, in Postgres so every replica sees the same state: open while
 * `opened_at` is set, half-open while a probe is running (`probe_started_at`).
 */
@Entity({ name: 'integration_breakers' })
export class IntegrationBreakerEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @Column({ name: 'consecutive_failures', type: 'integer' })
  consecutiveFailures!: number;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'probe_started_at', type: 'timestamptz', nullable: true })
  probeStartedAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;
}
