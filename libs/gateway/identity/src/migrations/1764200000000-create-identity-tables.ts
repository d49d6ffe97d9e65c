import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orgs and API keys. Hand-written: the schema changes only through reviewed SQL. */
export class CreateIdentityTables1764200000000 implements MigrationInterface {
  name = 'CreateIdentityTables1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "gateway"."orgs" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 200),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "gateway"."api_keys" (
        "id" uuid PRIMARY KEY,
        "org_id" uuid NOT NULL REFERENCES "gateway"."orgs" ("id") ON DELETE CASCADE,
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 200),
        "prefix" varchar(8) NOT NULL,
        "hash" char(64) NOT NULL,
        "scopes" text[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NULL,
        "revoked_at" timestamptz NULL,
        CONSTRAINT "api_keys_hash_key" UNIQUE ("hash")
      )`);
    await runner.query(`CREATE INDEX "api_keys_prefix_idx" ON "gateway"."api_keys" ("prefix")`);
    await runner.query(`CREATE INDEX "api_keys_org_id_idx" ON "gateway"."api_keys" ("org_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."api_keys"`);
    await runner.query(`DROP TABLE "gateway"."orgs"`);
  }
}
