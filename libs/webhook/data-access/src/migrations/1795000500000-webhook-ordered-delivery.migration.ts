import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Optional strict per-endpoint ordering: `endpoints.ordered`, and `messages.seq`, the order in which
 * the service accepted each message (fan-out assigns it in event order). An ordered endpoint's
 * messages are delivered one at a time by ascending seq.
 */
export class WebhookOrderedDelivery1795000500000 implements MigrationInterface {
  name = 'WebhookOrderedDelivery1795000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook"."endpoints" ADD COLUMN "ordered" boolean NOT NULL DEFAULT false`);
    // Existing rows are numbered in creation order; new rows take the next value as they are inserted.
    await queryRunner.query(`CREATE SEQUENCE "webhook"."messages_seq" AS bigint`);
    await queryRunner.query(`ALTER TABLE "webhook"."messages" ADD COLUMN "seq" bigint NULL`);
    await queryRunner.query(`
      UPDATE "webhook"."messages" m SET "seq" = o."n"
        FROM (SELECT "id", nextval('"webhook"."messages_seq"') AS "n" FROM "webhook"."messages" ORDER BY "created_at", "id") o
       WHERE m."id" = o."id"`);
    await queryRunner.query(`
      ALTER TABLE "webhook"."messages"
        ALTER COLUMN "seq" SET DEFAULT nextval('"webhook"."messages_seq"'),
        ALTER COLUMN "seq" SET NOT NULL`);
    await queryRunner.query(`ALTER SEQUENCE "webhook"."messages_seq" OWNED BY "webhook"."messages"."seq"`);
    // The head of an ordered endpoint's line: its oldest pending message.
    await queryRunner.query(
      `CREATE INDEX "messages_endpoint_pending_seq" ON "webhook"."messages" ("endpoint_id", "seq") WHERE "status" = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "webhook"."messages_endpoint_pending_seq"`);
    await queryRunner.query(`ALTER TABLE "webhook"."messages" DROP COLUMN "seq"`);
    await queryRunner.query(`ALTER TABLE "webhook"."endpoints" DROP COLUMN "ordered"`);
  }
}
