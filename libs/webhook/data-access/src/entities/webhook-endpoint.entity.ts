import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A partner's subscription: where to POST which events. The signing secret is stored only as
 * AES-256-GCM ciphertext (see SecretCipher); the plaintext is shown once, at creation.
 */
@Entity({ name: 'endpoints' })
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** Project key; null means every project of the org. */
  @Column({ name: 'project_id', type: 'text', nullable: true })
  projectId!: string | null;

  @Column({ type: 'text' })
  url!: string;

  /** Exact catalogue types, `prefix.*` wildcards or `*`. */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  /** Soft delete keeps the delivery history readable after a partner unsubscribes. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
