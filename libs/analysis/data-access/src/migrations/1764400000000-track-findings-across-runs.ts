import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings across runs: whether a finding is new or recurring since the previous analysis of the
 * same subject, who triaged it and why, the AI assessment, the per-project triage decision that
 * carries over to later runs, and the per-analysis comparison (what was fixed since the last run).
 */
export class TrackFindingsAcrossRuns1764400000000 implements MigrationInterface {
  name = 'TrackFindingsAcrossRuns1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TYPE "analysis"."finding_occurrence" AS ENUM ('new', 'recurring')`,
      // NULL occurrence: the analysis has not completed yet (or completed before this migration).
      `ALTER TABLE "analysis"."findings"
         ADD COLUMN "occurrence" "analysis"."finding_occurrence" NULL,
         ADD COLUMN "status_reason" text NULL,
         ADD COLUMN "status_changed_by" text NULL,
         ADD COLUMN "status_changed_at" timestamptz NULL,
         ADD COLUMN "ai_assessment" jsonb NULL`,
      // The latest triage decision per flaw of a project (fingerprint); later runs inherit it.
      `CREATE TABLE "analysis"."finding_triage" (
        "project_id" uuid NOT NULL REFERENCES "analysis"."projects" ("id") ON DELETE CASCADE,
        "fingerprint" text NOT NULL,
        "org_id" text NOT NULL,
        "status" "analysis"."finding_status" NOT NULL,
        "reason" text NULL,
        "changed_by" text NOT NULL,
        "changed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("project_id", "fingerprint")
      )`,
      // One row per completed analysis; new and remaining findings are the analysis' own rows
      // (by occurrence), fixed ones only exist in the previous run, so they are copied here.
      `CREATE TABLE "analysis"."analysis_comparisons" (
        "analysis_id" uuid PRIMARY KEY REFERENCES "analysis"."analyses" ("id") ON DELETE CASCADE,
        "org_id" text NOT NULL,
        "previous_analysis_id" uuid NULL REFERENCES "analysis"."analyses" ("id") ON DELETE SET NULL,
        "new_count" integer NOT NULL,
        "remaining_count" integer NOT NULL,
        "fixed_count" integer NOT NULL,
        "fixed" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`,
      // Serves the ON DELETE SET NULL above when an old analysis is removed.
      `CREATE INDEX "analysis_comparisons_previous" ON "analysis"."analysis_comparisons" ("previous_analysis_id")`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "analysis"."analysis_comparisons"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "analysis"."finding_triage"`);
    await queryRunner.query(
      `ALTER TABLE "analysis"."findings" DROP COLUMN "occurrence", DROP COLUMN "status_reason",
         DROP COLUMN "status_changed_by", DROP COLUMN "status_changed_at", DROP COLUMN "ai_assessment"`,
    );
    await queryRunner.query(`DROP TYPE IF EXISTS "analysis"."finding_occurrence"`);
  }
}
