import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The external issue of one finding fingerprint in one integration's tracker. The primary key is
 * what guarantees one issue per fingerprint; a row without `external_id` is a claim in progress.
 */
@Entity({ name: 'integration_issues' })
export class IntegrationIssueEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @PrimaryColumn({ type: 'text' })
  fingerprint!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** The analysis whose push created (or claimed) the issue. */
  @Column({ name: 'analysis_id', type: 'uuid' })
  analysisId!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'external_number', type: 'integer', nullable: true })
  externalNumber!: number | null;

  @Column({ name: 'external_url', type: 'text', nullable: true })
  externalUrl!: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', nullable: true })
  createdAt!: Date | null;
}
