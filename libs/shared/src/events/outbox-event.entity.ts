import type { AnyDomainEvent } from '@so/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox row. A service writes its events here in the same transaction as the state
 * change, so an event is never lost when Redis is down at that moment; the relay publishes them.
 * The table lives in each service's own schema (the DataSource's default schema).
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished', ['seq'], { where: 'published_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Commit order within the service, so events leave in the order they were written. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: AnyDomainEvent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

/** DDL for a service's migration: the outbox table in `schema`. */
export function outboxTableDdl(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}"."outbox_events" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "type" text NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "outbox_events_unpublished" ON "${schema}"."outbox_events" ("seq") WHERE "published_at" IS NULL`,
  ];
}
