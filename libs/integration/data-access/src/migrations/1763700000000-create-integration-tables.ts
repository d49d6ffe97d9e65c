import type { MigrationInterface, QueryRunner } from 'typeorm';

/** integrations (credentials encrypted at rest) and integration_events (idempotent on event_id). */
export class CreateIntegrationTables1763700000000 implements MigrationInterface {
  name = 'CreateIntegrationTables1763700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "integration"."integrations" (
        "id" uuid PRIMARY KEY,
        "org_id" text NOT NULL,
        "project_id" text NOT NULL,
        "name" text NOT NULL,
        "type" text NOT NULL CHECK ("type" IN ('jira', 'slack', 'github', 'generic_http', 'spec_source')),
        "config" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "credentials_ciphertext" text NULL,
        "status" text NOT NULL DEFAULT 'INACTIVE' CHECK ("status" IN ('INACTIVE', 'CONNECTING', 'ACTIVE', 'ERROR', 'RECONNECTING')),
        "status_message" text NOT NULL DEFAULT '',
        "last_checked_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX "integrations_org_project_name" ON "integration"."integrations" ("org_id", "project_id", "name")`,
    );
    await runner.query(`
      CREATE TABLE "integration"."integration_events" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" text NOT NULL,
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "project_id" text NOT NULL,
        "analysis_id" uuid NOT NULL,
        "finding_id" text NULL,
        "finding_fingerprint" text NULL,
        "finding_severity" text NULL,
        "finding_title" text NULL,
        "finding_rule_id" text NULL,
        "owasp_category" text NULL,
        "analysis_status" text NULL,
        "finding_count" integer NULL,
        "score" double precision NULL,
        "payload" jsonb NOT NULL,
        "correlation_id" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "integration_events_event_id" UNIQUE ("event_id")
      )`);
    await runner.query(
      `CREATE INDEX "integration_events_org_analysis" ON "integration"."integration_events" ("org_id", "analysis_id", "occurred_at")`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "integration"."integration_events"`);
    await runner.query(`DROP TABLE IF EXISTS "integration"."integrations"`);
  }
}
