import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type WebhookSigningScheme = 'hmac' | 'ed25519';

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

  /** Deliveries per second allowed to this endpoint (token bucket in Redis); null = unlimited. */
  @Column({ name: 'rate_limit_per_second', type: 'int', nullable: true })
  rateLimitPerSecond!: number | null;

  /** Extra request headers the partner asked for (never overriding the signature headers). */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  headers!: Record<string, string>;

  /** JSON the event envelope must contain (Postgres `@>`) to be delivered; null = every matching type. */
  @Column({ type: 'jsonb', nullable: true })
  filter!: Record<string, unknown> | null;

  /** `hmac` signs `v1,` with the whsec_ secret; `ed25519` signs `v1a,` with the private key in secret_ciphertext. */
  @Column({ name: 'signing_scheme', type: 'text', default: 'hmac' })
  signingScheme!: WebhookSigningScheme;

  /** Standard Webhooks `whpk_` public key for ed25519 endpoints. */
  @Column({ name: 'public_key', type: 'text', nullable: true })
  publicKey!: string | null;

  /** The secret before the last rotation; still signs (alongside the new one) until previousSecretExpiresAt. */
  @Column({ name: 'previous_secret_ciphertext', type: 'text', nullable: true })
  previousSecretCiphertext!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** Start of the current run of failed attempts; null after a success. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  /** When the operator warning for the current failure run was raised. */
  @Column({ name: 'failure_warned_at', type: 'timestamptz', nullable: true })
  failureWarnedAt!: Date | null;

  /**
   * Strict ordering: messages to this endpoint are delivered one at a time in the order they were
   * accepted (messages.seq); a later message waits while an earlier one is being retried.
   */
  @Column({ type: 'boolean', default: false })
  ordered!: boolean;

  /** Soft delete keeps the delivery history readable after a partner unsubscribes. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
