import { outboxTableDdl } from '@so/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Endpoints, messages, attempts and the outbox of the webhook service. */
export class CreateWebhookSchema1795000000000 implements MigrationInterface {
  name = 'CreateWebhookSchema1795000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "webhook"`);
    await queryRunner.query(`
      CREATE TABLE "webhook"."endpoints" (
        "id" uuid PRIMARY KEY,
        "org_id" text NOT NULL,
        "project_id" text NULL,
        "url" text NOT NULL,
        "event_types" text[] NOT NULL CHECK (cardinality("event_types") > 0),
        "description" text NOT NULL DEFAULT '',
        "enabled" boolean NOT NULL DEFAULT true,
        "secret_ciphertext" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "disabled_at" timestamptz NULL,
        "disabled_reason" text NULL,
        "deleted_at" timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "endpoints_org_created" ON "webhook"."endpoints" ("org_id", "created_at") WHERE "deleted_at" IS NULL`,
    );
    // Fan-out looks up the enabled endpoints of an org whose patterns overlap the event's candidate patterns.
    await queryRunner.query(
      `CREATE INDEX "endpoints_active_event_types" ON "webhook"."endpoints" USING gin ("event_types") WHERE "enabled" AND "deleted_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "webhook"."messages" (
        "id" text PRIMARY KEY,
        "org_id" text NOT NULL,
        "endpoint_id" uuid NOT NULL REFERENCES "webhook"."endpoints" ("id") ON DELETE CASCADE,
        "event_id" text NOT NULL,
        "event_type" text NOT NULL,
        "project_id" text NULL,
        "analysis_id" text GENERATED ALWAYS AS ("payload" -> 'data' ->> 'analysisId') STORED,
        "payload" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
        "attempt_count" integer NOT NULL DEFAULT 0,
        "last_attempt_at" timestamptz NULL,
        "last_response_status" integer NULL,
        "delivered_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "messages_event_endpoint" UNIQUE ("event_id", "endpoint_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "messages_org_analysis" ON "webhook"."messages" ("org_id", "analysis_id", "created_at") WHERE "analysis_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "messages_endpoint_created" ON "webhook"."messages" ("endpoint_id", "created_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "webhook"."attempts" (
        "id" uuid PRIMARY KEY,
        "message_id" text NOT NULL REFERENCES "webhook"."messages" ("id") ON DELETE CASCADE,
        "endpoint_id" uuid NOT NULL REFERENCES "webhook"."endpoints" ("id") ON DELETE CASCADE,
        "org_id" text NOT NULL,
        "attempt_number" integer NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('succeeded', 'failed')),
        "response_status" integer NULL,
        "response_headers" jsonb NULL,
        "response_body" text NULL,
        "latency_ms" integer NOT NULL,
        "error" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "attempts_message_number" UNIQUE ("message_id", "attempt_number")
      )`);
    await queryRunner.query(
      `CREATE INDEX "attempts_endpoint_created" ON "webhook"."attempts" ("endpoint_id", "created_at")`,
    );

    for (const statement of outboxTableDdl('webhook')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."outbox_events"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."attempts"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."messages"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "webhook"."endpoints"`);
  }
}
