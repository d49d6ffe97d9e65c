import type { DataSourceOptions, MixedList } from 'typeorm';

export interface ServiceDataSourceInput {
  url: string;
  /** The service's own schema; entities without an explicit schema live here. */
  schema: string;
  // TypeORM's own type for entity and migration lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  poolSize?: number;
  applicationName: string;
}

/**
 * TypeORM options for one service. Never `synchronize`: the schema changes only through
 * migrations, and the migrations table sits in the service's own schema.
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    schema: input.schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: input.applicationName,
    extra: {
      max: input.poolSize ?? 10,
      // Fail fast instead of queueing forever when Postgres is unreachable.
      connectionTimeoutMillis: 5000,
      // Postgres search_path so raw SQL resolves to the service's schema too.
      options: `-c search_path=${input.schema},public`,
    },
  };
}
