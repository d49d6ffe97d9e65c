import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type WebhookAttemptStatus = 'succeeded' | 'failed';

/** One HTTP delivery attempt of a message: the partner-visible log of what we sent and what came back. */
@Entity({ name: 'attempts' })
export class WebhookAttemptEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** 1-based, unique per message. */
  @Column({ name: 'attempt_number', type: 'int' })
  attemptNumber!: number;

  @Column({ type: 'text' })
  status!: WebhookAttemptStatus;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  /** At most the first 20 KB of the response body. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  /** Why the attempt failed before or instead of an HTTP answer (SSRF refusal, timeout, DNS, ...). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
