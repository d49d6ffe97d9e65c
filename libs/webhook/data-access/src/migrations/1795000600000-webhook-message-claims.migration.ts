import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messages.claimed_at`: set by the fan-out when the process that inserted the message sends its
 * first attempt itself (no queue job). A pending message whose claim is older than the claim timeout
 * lost its sender (a crash between claim and attempt) and is put on the queue by the claim sweeper.
 * The sweeper reads pending messages through the existing partial index on pending messages, so no
 * index of its own is added (every insert would pay for it).
 */
export class WebhookMessageClaims1795000600000 implements MigrationInterface {
  name = 'WebhookMessageClaims1795000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook"."messages" ADD COLUMN "claimed_at" timestamptz NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook"."messages" DROP COLUMN "claimed_at"`);
  }
}
