import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs one of the delivery path's hot statements as a named prepared statement on the data source's
 * pool: each connection parses and plans it once, where an unnamed query is parsed and planned on
 * every call (for the fan-out and success statements, a noticeable share of Postgres's CPU per
 * batch). `name` must be unique per statement text.
 */
export async function queryPrepared<Row extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query<Row>({ name, text, values });
  return result.rows;
}
