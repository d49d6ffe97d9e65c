import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analyses_org_project_created` (org_id, project_id, created_at DESC) is a prefix of
 * `analyses_org_project_created_id` (the same plus id DESC), which serves every query the shorter one
 * did. Each analysis row is written three times (start, claim, completion) and none of those writes
 * can be a HOT update (status is in the PENDING index's predicate), so every index on the table costs
 * three insertions per analysis: one index fewer is a quarter less index maintenance on the hot path.
 */
export class DropRedundantAnalysesIndex1764800000000 implements MigrationInterface {
  name = 'DropRedundantAnalysesIndex1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "analysis"."analyses_org_project_created"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "analyses_org_project_created" ON "analysis"."analyses" ("org_id", "project_id", "created_at" DESC)`,
    );
  }
}
