import type { AnyDomainEvent } from '@so/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type WebhookMessageStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event destined for one endpoint. The id (`msg_<uuid>`) is the Standard Webhooks
 * `webhook-id`: stable across retries so receivers can deduplicate. (endpoint_id, event_id) is
 * unique, which makes consuming the same domain event twice harmless.
 */
@Entity({ name: 'messages' })
export class WebhookMessageEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'project_id', type: 'text', nullable: true })
  projectId!: string | null;

  /** Generated from payload.data.analysisId so deliveries can be listed per analysis. */
  @Column({ name: 'analysis_id', type: 'text', nullable: true, insert: false, update: false })
  analysisId!: string | null;

  /** The domain event envelope exactly as it is sent. */
  @Column({ type: 'jsonb' })
  payload!: AnyDomainEvent;

  @Column({ type: 'text', default: 'pending' })
  status!: WebhookMessageStatus;

  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount!: number;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** How many times the message was replayed (resend, recover, redrive); part of the replay job id. */
  @Column({ name: 'replay_count', type: 'int', default: 0 })
  replayCount!: number;

  /** Acceptance order (a Postgres sequence, assigned at fan-out in event order); ordered endpoints deliver by it. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  /**
   * When the process that inserted the message claimed its first attempt (sent without a queue job);
   * null for messages delivered from the queue. See the claim sweeper.
   */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
