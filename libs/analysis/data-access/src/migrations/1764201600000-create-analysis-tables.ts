import { outboxTableDdl } from '@so/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projects, analyses, findings and the outbox of the analysis service. Hand-written so the indexes
 * match the queries the service makes (see the comment on each).
 */
export class CreateAnalysisTables1764201600000 implements MigrationInterface {
  name = 'CreateAnalysisTables1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TYPE "analysis"."analysis_status" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED')`,
      // Declared most severe first so ORDER BY severity lists critical findings first.
      `CREATE TYPE "analysis"."finding_severity" AS ENUM ('critical', 'high', 'medium', 'low', 'info')`,
      `CREATE TYPE "analysis"."finding_status" AS ENUM ('open', 'false_positive', 'accepted_risk', 'fixed')`,
      `CREATE TABLE "analysis"."projects" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" text NOT NULL,
        "key" text NOT NULL,
        "name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "projects_org_key_unique" UNIQUE ("org_id", "key")
      )`,
      `CREATE TABLE "analysis"."analyses" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" text NOT NULL,
        "project_id" uuid NOT NULL REFERENCES "analysis"."projects" ("id") ON DELETE CASCADE,
        "status" "analysis"."analysis_status" NOT NULL DEFAULT 'PENDING',
        "target_url" text NULL,
        "spec_text" text NULL,
        "config" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "idempotency_key" text NULL,
        "progress_percent" smallint NOT NULL DEFAULT 0 CHECK ("progress_percent" BETWEEN 0 AND 100),
        "stage" text NULL,
        "error_message" text NULL,
        "metrics" jsonb NULL,
        "correlation_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz NULL,
        "completed_at" timestamptz NULL,
        CONSTRAINT "analyses_target_or_spec" CHECK ("target_url" IS NOT NULL OR "spec_text" IS NOT NULL)
      )`,
      // Idempotent starts: one analysis per (org, key); NULL keys are not constrained.
      `CREATE UNIQUE INDEX "analyses_org_idempotency_key" ON "analysis"."analyses" ("org_id", "idempotency_key")
        WHERE "idempotency_key" IS NOT NULL`,
      // A project's analyses, newest first (project listings, dashboards); also serves the FK.
      `CREATE INDEX "analyses_org_project_created" ON "analysis"."analyses" ("org_id", "project_id", "created_at" DESC)`,
      // Recovery at boot looks for PENDING analyses whose job may have been lost.
      `CREATE INDEX "analyses_pending_created" ON "analysis"."analyses" ("created_at") WHERE "status" = 'PENDING'`,
      `CREATE TABLE "analysis"."findings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" text NOT NULL,
        "analysis_id" uuid NOT NULL REFERENCES "analysis"."analyses" ("id") ON DELETE CASCADE,
        "rule_id" text NOT NULL,
        "title" text NOT NULL,
        "category" text NOT NULL,
        "cwe_id" text NOT NULL,
        "severity" "analysis"."finding_severity" NOT NULL,
        "description" text NOT NULL,
        "recommendation" text NOT NULL,
        "location" jsonb NOT NULL,
        "evidence" jsonb NULL,
        "fingerprint" text NOT NULL,
        "status" "analysis"."finding_status" NOT NULL DEFAULT 'open',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        -- Also the index for "findings of one analysis".
        CONSTRAINT "findings_analysis_fingerprint_unique" UNIQUE ("analysis_id", "fingerprint")
      )`,
      ...outboxTableDdl('analysis'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outbox_events', 'findings', 'analyses', 'projects']) {
      await queryRunner.query(`DROP TABLE IF EXISTS "analysis"."${table}"`);
    }
    for (const type of ['finding_status', 'finding_severity', 'analysis_status']) {
      await queryRunner.query(`DROP TYPE IF EXISTS "analysis"."${type}"`);
    }
  }
}
