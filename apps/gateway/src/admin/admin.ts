import type { DataSource } from 'typeorm';
import { ADMIN_USAGE, describeAdminError, openAdminDataSource, runAdminCommand } from './admin-commands.js';

// `node dist/apps/gateway/src/admin/admin.js <command>`: the operator CLI (see ADMIN_USAGE).
const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
  process.stdout.write(`${ADMIN_USAGE}\n`);
  process.exit(argv.length === 0 ? 2 : 0);
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
