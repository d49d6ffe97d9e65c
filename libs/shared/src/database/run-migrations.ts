import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A stable 32-bit advisory lock key per schema. */
function lockKey(schema: string): number {
  return createHash('sha256').update(`migrations:${schema}`).digest().readInt32BE(0);
}

/**
 * Creates the schema if needed and runs pending migrations while holding a Postgres advisory lock,
 * so several replicas booting at once migrate exactly once.
 */
export async function runMigrationsWithLock(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = lockKey(schema);
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await runner.release();
  }
}
