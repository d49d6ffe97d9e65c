import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Creates a fresh database on the bench Postgres and returns its URL. */
export async function createBenchDatabase(adminUrl: string): Promise<string> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A Redis URL on logical database `db` of the bench Redis, so benchmarks do not see each other's keys. */
export function redisDb(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}
