import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over findings and keyset paging of a project's analyses.
 *
 * `search_vector` is a stored generated column, so Postgres keeps it in step with every insert and
 * update of the finding and no writer has to know about search. Weights rank a match in the title
 * (A) above one in the rule id, category or CWE (B), the description (C) and the recommendation
 * (D). The `english` configuration is named explicitly: to_tsvector with a literal configuration is
 * immutable, which a generated column requires, and the result does not depend on server settings.
 */
export class AddFindingSearchAndAnalysisPaging1764300000000 implements MigrationInterface {
  name = 'AddFindingSearchAndAnalysisPaging1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE "analysis"."findings" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
         setweight(to_tsvector('english'::regconfig,
           "rule_id" || ' ' || replace("rule_id", '.', ' ') || ' ' || "category" || ' ' || "cwe_id"), 'B') ||
         setweight(to_tsvector('english'::regconfig, "description"), 'C') ||
         setweight(to_tsvector('english'::regconfig, "recommendation"), 'D')
       ) STORED`,
      `CREATE INDEX "findings_search_vector" ON "analysis"."findings" USING GIN ("search_vector")`,
      // projectAnalyses pages newest first on (created_at, id): the id breaks ties between analyses
      // created in the same microsecond, so a cursor never skips or repeats a row.
      `CREATE INDEX "analyses_org_project_created_id" ON "analysis"."analyses"
         ("org_id", "project_id", "created_at" DESC, "id" DESC)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "analysis"."analyses_org_project_created_id"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "analysis"."findings_search_vector"`);
    await queryRunner.query(`ALTER TABLE "analysis"."findings" DROP COLUMN IF EXISTS "search_vector"`);
  }
}
