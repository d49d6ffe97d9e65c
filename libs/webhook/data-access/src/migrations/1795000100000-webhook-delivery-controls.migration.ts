import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-endpoint delivery controls (rate limit, custom headers, payload filter, signing scheme, secret
 * rotation, failure tracking), replay bookkeeping on messages, and the inbound webhook tables.
 */
export class WebhookDeliveryControls1795000100000 implements MigrationInterface {
  name = 'WebhookDeliveryControls1795000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "webhook"."endpoints"
        ADD COLUMN "rate_limit_per_second" integer NULL CHECK ("rate_limit_per_second" > 0),
        ADD COLUMN "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN "filter" jsonb NULL,
        ADD COLUMN "signing_scheme" text NOT NULL DEFAULT 'hmac' CHECK ("signing_scheme" IN ('hmac', 'ed25519')),
        ADD COLUMN "public_key" text NULL,
        ADD COLUMN "previous_secret_ciphertext" text NULL,
        ADD COLUMN "previous_secret_expires_at" timestamptz NULL,
        ADD COLUMN "failing_since" timestamptz NULL,
        ADD COLUMN "consecutive_failures" integer NOT NULL DEFAULT 0,
        ADD COLUMN "failure_warned_at" timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE "webhook"."messages" ADD COLUMN "replay_count" integer NOT NULL DEFAULT 0`);
    // The dead-letter view and recovery list a endpoint's failed messages by time.
    await queryRunner.query(
      `CREATE INDEX "messages_endpoint_failed" ON "webhook"."messages" ("org_id", "endpoint_id", "created_at") WHERE "status" = 'failed'`,
    );
    // Retention cleanup deletes finished messages by age.
    await queryRunner.query(
      `CREATE INDEX "messages_finished_created" ON "webhook"."messages" ("created_at") WHERE "status" <> 'pending'`,
    );

    await queryRunner.query(`
      CREATE TABLE "webhook"."inbound_sources" (
        "id" uuid PRIMARY KEY,
        "org_id" text NOT NULL,
        "project_id" text NOT NULL,
        "name" text NOT NULL,
        "scheme" text NOT NULL CHECK ("scheme" IN ('standard-webhooks', 'github', 'hmac-header')),
        "secret_ciphertext" text NOT NULL,
        "signature_header" text NULL,
        "tolerance_seconds" integer NOT NULL DEFAULT 300,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "deleted_at" timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "inbound_sources_org" ON "webhook"."inbound_sources" ("org_id", "created_at") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "webhook"."inbound_events" (
        "id" uuid PRIMARY KEY,
        "source_id" uuid NOT NULL REFERENCES "webhook"."inbound_sources" ("id") ON DELETE CASCADE,
        "org_id" text NOT NULL,
        "project_id" text NOT NULL,
        "external_id" text NOT NULL,
        "action" text NULL,
        "payload" jsonb NOT NULL,
        "reanalysis_requested" boolean NOT NULL DEFAULT false,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "inbound_events_source_external" UNIQUE ("source_id", "external_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "inbound_events_reanalysis" ON "webhook"."inbound_events" ("org_id", "project_id", "received_at") WHERE "reanalysis_requested"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."inbound_events"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."inbound_sources"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "webhook"."messages_finished_created"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "webhook"."messages_endpoint_failed"`);
    await queryRunner.query(`ALTER TABLE "webhook"."messages" DROP COLUMN "replay_count"`);
    await queryRunner.query(`
      ALTER TABLE "webhook"."endpoints"
        DROP COLUMN "rate_limit_per_second", DROP COLUMN "headers", DROP COLUMN "filter", DROP COLUMN "signing_scheme",
        DROP COLUMN "public_key", DROP COLUMN "previous_secret_ciphertext", DROP COLUMN "previous_secret_expires_at",
        DROP COLUMN "failing_since", DROP COLUMN "consecutive_failures", DROP COLUMN "failure_warned_at"`);
  }
}
