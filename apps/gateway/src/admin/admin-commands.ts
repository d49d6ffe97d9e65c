import {
  CreateApiKeyUseCase,
  CreateOrgWithApiKeyUseCase,
  GATEWAY_SCHEMA,
  gatewayDataSourceOptions,
  ListApiKeysUseCase,
  OrgEntity,
} from '@so/gateway-identity';
import { DomainException, runMigrationsWithLock } from '@so/shared';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';

export const ADMIN_USAGE = `usage: npm run admin -- <command> [options]

  create-org <name> [--scopes s1,s2]   create an organisation and its first API key (printed once)
  create-key --org <orgId> [--name n] [--scopes s1,s2]
                                       issue another key for an organisation (printed once)
  list-orgs                            organisations with their number of active keys
  list-keys --org <orgId>              the organisation's keys (never their secrets)
  dead-events [--group g] [--limit n]  events a service gave up on after repeated handler failures
  redrive-events --group g | --id <id> publish them again (handlers skip what they already did)

DATABASE_URL and REDIS_URL select the database and Redis (default: the ones npm start runs).
Output is JSON.`;

export class AdminUsageError extends Error {}

/**
 * The gateway's identity store, migrated like the gateway does at boot (an admin command may come
 * first). Two connections: the migration lock holds one while the migrations run on another.
 */
export async function openAdminDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource(gatewayDataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    await runMigrationsWithLock(dataSource, GATEWAY_SCHEMA);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

export type AdminOutput = Record<string, unknown> | Array<Record<string, unknown>>;

function scopesOption(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((scope) => scope.trim()).filter(Boolean);
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new AdminUsageError(`--${name} is required`);
  return value;
}

/**
 * The operator commands of the gateway's identity store: tenants (orgs) are created here, out of
 * band, rather than over an HTTP route that would need a super-user key exposed to the network.
 */
export async function runAdminCommand(argv: string[], dataSource: DataSource): Promise<AdminOutput> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { org: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
  });
  switch (command) {
    case 'create-org': {
      const name = positionals.join(' ') || values.name;
      const created = await new CreateOrgWithApiKeyUseCase(dataSource).execute({
        orgName: required(name, 'name'),
        scopes: scopesOption(values.scopes),
      });
      return { org: created.org, apiKey: created.apiKey };
    }
    case 'create-key': {
      const issued = await new CreateApiKeyUseCase(dataSource).execute({
        orgId: required(values.org, 'org'),
        name: values.name,
        scopes: scopesOption(values.scopes),
      });
      return { apiKey: issued };
    }
    case 'list-orgs': {
      const rows = (await dataSource
        .getRepository(OrgEntity)
        .createQueryBuilder('org')
        .select(['org.id AS id', 'org.name AS name', 'org.createdAt AS "createdAt"'])
        .addSelect(
          `(SELECT count(*)::int FROM "gateway"."api_keys" k WHERE k."org_id" = org.id AND k."revoked_at" IS NULL)`,
          'activeKeys',
        )
        .orderBy('org.createdAt', 'ASC')
        .getRawMany()) as Array<Record<string, unknown>>;
      return rows;
    }
    case 'list-keys': {
      const keys = await new ListApiKeysUseCase(dataSource).execute(required(values.org, 'org'), { includeRevoked: true });
      return keys.map((key) => ({ ...key }));
    }
    default:
      throw new AdminUsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

/** One line for an operator: what was wrong, without a stack trace. */
export function describeAdminError(error: unknown): string {
  if (error instanceof AdminUsageError) return `${error.message}\n\n${ADMIN_USAGE}`;
  if (error instanceof DomainException) {
    const fields = error.violations.map((violation) => `${violation.field}: ${violation.description}`).join('; ');
    return `${error.code}: ${error.message}${fields ? ` (${fields})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
