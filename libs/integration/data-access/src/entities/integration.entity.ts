import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { IntegrationStatusName, IntegrationType } from '../integration.constants.js';

/** A configured connection to an external system, owned by one org and attached to one project key. */
@Entity({ name: 'integrations' })
@Index('integrations_org_project_name', ['orgId', 'projectId', 'name'], { unique: true })
export class IntegrationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'project_id', type: 'text' })
  projectId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: IntegrationType;

  /** Non-secret settings (URLs, project keys, channel names). */
  @Column({ type: 'jsonb' })
  config!: Record<string, string>;

  /** AES-256-GCM envelope of the credentials JSON; the plaintext is never stored. */
  @Column({ name: 'credentials_ciphertext', type: 'text', nullable: true })
  credentialsCiphertext!: string | null;

  @Column({ type: 'text' })
  status!: IntegrationStatusName;

  @Column({ name: 'status_message', type: 'text', default: '' })
  statusMessage!: string;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
