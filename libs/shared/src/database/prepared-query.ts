import type pg from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * Runs a hot statement as a named prepared statement on the DataSource's pool, bypassing TypeORM's
 * query runner: each connection parses and plans it once instead of on every call (long CTEs spend
 * much of their Postgres time in planning). One name must always carry the same text. Errors are
 * wrapped like TypeORM's, so callers read `driverError` either way.
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
