import { outboxTableDdl } from '@so/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What pushing findings to external systems needs: the service's outbox (integration.status_changed),
 * one delivery per (integration, analysis), the issue created per (integration, fingerprint), and
 * each integration's circuit breaker.
 */
export class AddIntegrationDispatch1764600000000 implements MigrationInterface {
  name = 'AddIntegrationDispatch1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of outboxTableDdl('integration')) await runner.query(statement);
    await runner.query(`
      CREATE TABLE "integration"."integration_deliveries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" text NOT NULL,
        "integration_id" uuid NOT NULL REFERENCES "integration"."integrations" ("id") ON DELETE CASCADE,
        "analysis_id" uuid NOT NULL,
        "trigger_event_id" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'PENDING' CHECK ("status" IN ('PENDING', 'DELIVERED', 'SKIPPED', 'FAILED')),
        "finding_count" integer NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text NULL,
        "correlation_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz NULL,
        CONSTRAINT "integration_deliveries_integration_analysis" UNIQUE ("integration_id", "analysis_id")
      )`);
    await runner.query(
      `CREATE INDEX "integration_deliveries_org_analysis" ON "integration"."integration_deliveries" ("org_id", "analysis_id")`,
    );
    await runner.query(`
      CREATE TABLE "integration"."integration_issues" (
        "integration_id" uuid NOT NULL REFERENCES "integration"."integrations" ("id") ON DELETE CASCADE,
        "fingerprint" text NOT NULL,
        "org_id" text NOT NULL,
        "analysis_id" uuid NOT NULL,
        "external_id" text NULL,
        "external_number" integer NULL,
        "external_url" text NULL,
        "claimed_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NULL,
        PRIMARY KEY ("integration_id", "fingerprint")
      )`);
    await runner.query(`
      CREATE TABLE "integration"."integration_breakers" (
        "integration_id" uuid PRIMARY KEY REFERENCES "integration"."integrations" ("id") ON DELETE CASCADE,
        "consecutive_failures" integer NOT NULL DEFAULT 0,
        "opened_at" timestamptz NULL,
        "probe_started_at" timestamptz NULL,
        "last_success_at" timestamptz NULL,
        "last_failure_at" timestamptz NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "integration"."integration_breakers"`);
    await runner.query(`DROP TABLE IF EXISTS "integration"."integration_issues"`);
    await runner.query(`DROP TABLE IF EXISTS "integration"."integration_deliveries"`);
    await runner.query(`DROP TABLE IF EXISTS "integration"."outbox_events"`);
  }
}
