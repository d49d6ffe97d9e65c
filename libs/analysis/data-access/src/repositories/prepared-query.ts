import type pg from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * Runs one of the hot statements as a named prepared statement on the DataSource's pool: each
 * connection parses and plans it once instead of on every call (the batched statements are long
 * CTEs, and their planning was a large part of Postgres' work per analysis). Errors are wrapped
 * like TypeORM's, so callers read `driverError` either way.
 */
export async function preparedQuery<R>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<R[]> {
  // TypeORM's Postgres driver keeps its node-postgres pool in `master`.
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  try {
    const result = await pool.query<R & pg.QueryResultRow>({ name, text, values });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
