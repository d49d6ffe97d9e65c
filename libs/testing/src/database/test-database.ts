import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isLoopbackHost } from '../net/loopback.js';

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as TEST_DATABASE_URL). */
  url: string;
  /** Database name, `test_<pid>_<random>`. */
  name: string;
  /** Drops the database, closing connections that are still open. Idempotent. */
  drop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL, checked: set (by the jest global setup) and on a loopback host, so no test can
 * ever touch a real database by accident.
 */
export function testDatabaseAdminUrl(env: NodeJS.ProcessEnv = process.env): URL {
  const raw = env.TEST_DATABASE_URL;
  if (!raw) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run tests with `npm test`, whose jest global setup starts a throwaway Postgres',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('TEST_DATABASE_URL is not a valid URL');
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol))
    throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
  if (!isLoopbackHost(url.hostname)) {
    throw new Error(`refusing to use TEST_DATABASE_URL on host ${url.hostname}: test databases must be on loopback`);
  }
  return url;
}

/**
 * Creates a fresh, uniquely named database on the TEST_DATABASE_URL server. Each test file (or test)
 * gets its own, so parallel workers never share state; call `drop()` in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = testDatabaseAdminUrl();
  const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdminClient(admin, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => {
      dropped ??= withAdminClient(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined);
      return dropped;
    },
  };
}

async function withAdminClient<T>(admin: URL, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
