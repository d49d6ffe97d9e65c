import { serviceDataSourceOptions } from '@so/shared';
import type { DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { OrgEntity } from './entities/org.entity.js';
import { CreateIdentityTables1764200000000 } from './migrations/1764200000000-create-identity-tables.js';

/** Schema owned by the gateway. */
export const GATEWAY_SCHEMA = 'gateway';

/** TypeORM options of the gateway database (run `runMigrationsWithLock(ds, GATEWAY_SCHEMA)` after initialising). */
export function gatewayDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    schema: GATEWAY_SCHEMA,
    entities: [OrgEntity, ApiKeyEntity],
    migrations: [CreateIdentityTables1764200000000],
    poolSize,
    applicationName: 'so-gateway',
  });
}
