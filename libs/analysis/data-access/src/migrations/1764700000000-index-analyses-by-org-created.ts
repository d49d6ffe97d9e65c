import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The org-wide analysis list (`GET /api/v1/security/analyses`) pages on (created_at, id) across all
 * of an org's projects; the project-scoped index cannot serve that order without a sort.
 */
export class IndexAnalysesByOrgCreated1764700000000 implements MigrationInterface {
  name = 'IndexAnalysesByOrgCreated1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "analyses_org_created_id" ON "analysis"."analyses" ("org_id", "created_at" DESC, "id" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "analysis"."analyses_org_created_id"`);
  }
}
