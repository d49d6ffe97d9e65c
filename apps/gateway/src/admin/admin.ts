import { closeRedisConnection } from '@so/shared';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { ADMIN_USAGE, describeAdminError, openAdminDataSource, runAdminCommand } from './admin-commands.js';
import { DEAD_EVENT_COMMANDS, runDeadEventCommand } from './dead-events.js';

// `node dist/apps/gateway/src/admin/admin.js <command>`: the operator CLI (see ADMIN_USAGE).
const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
  process.stdout.write(`${ADMIN_USAGE}\n`);
  process.exit(argv.length === 0 ? 2 : 0);
}
if ((DEAD_EVENT_COMMANDS as readonly string[]).includes(argv[0] ?? '')) {
  // The dead-event stream lives in Redis: these commands need no database.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    process.stdout.write(`${JSON.stringify(await runDeadEventCommand(argv, redis), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${describeAdminError(error)}\n`);
    process.exitCode = 1;
  } finally {
    await closeRedisConnection(redis);
  }
  process.exit();
}
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set (npm run admin sets it to the local platform)\n');
  process.exit(2);
}

let dataSource: DataSource | undefined;
try {
  dataSource = await openAdminDataSource(url);
  const output = await runAdminCommand(argv, dataSource);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
} catch (error) {
  const unreachable = (error as { code?: string }).code === 'ECONNREFUSED';
  process.stderr.write(
    unreachable
      ? `cannot reach Postgres at ${new URL(url).host}: is the platform running (npm start), or DATABASE_URL set?\n`
      : `${describeAdminError(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  if (dataSource?.isInitialized) await dataSource.destroy();
}
