import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An API key. Only the SHA-256 of the key is stored; the key itself is shown once at creation. */
@Entity({ name: 'api_keys', schema: 'gateway' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('api_keys_org_id_idx')
  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column('text')
  name!: string;

  @Index('api_keys_prefix_idx')
  @Column({ type: 'varchar', length: 8 })
  prefix!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
