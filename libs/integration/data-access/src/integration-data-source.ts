import { OutboxEventEntity, serviceDataSourceOptions } from '@so/shared';
import type { DataSourceOptions } from 'typeorm';
import { IntegrationBreakerEntity } from './entities/integration-breaker.entity.js';
import { IntegrationDeliveryEntity } from './entities/integration-delivery.entity.js';
import { IntegrationEventEntity } from './entities/integration-event.entity.js';
import { IntegrationIssueEntity } from './entities/integration-issue.entity.js';
import { IntegrationEntity } from './entities/integration.entity.js';
import { INTEGRATION_SCHEMA } from './integration.constants.js';
import { CreateIntegrationTables1763700000000 } from './migrations/1763700000000-create-integration-tables.js';
import { AddIntegrationDispatch1764600000000 } from './migrations/1764600000000-add-integration-dispatch.js';
import { IntegrationEventArrivalOrder1764900000000 } from './migrations/1764900000000-integration-event-arrival-order.js';

export const INTEGRATION_ENTITIES = [
  IntegrationEntity,
  IntegrationEventEntity,
  IntegrationDeliveryEntity,
  IntegrationIssueEntity,
  IntegrationBreakerEntity,
  OutboxEventEntity,
];
export const INTEGRATION_MIGRATIONS = [
  CreateIntegrationTables1763700000000,
  AddIntegrationDispatch1764600000000,
  IntegrationEventArrivalOrder1764900000000,
];

/** TypeORM options of the integration schema (migrations run at boot under an advisory lock). */
export function integrationDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    schema: INTEGRATION_SCHEMA,
    entities: INTEGRATION_ENTITIES,
    migrations: INTEGRATION_MIGRATIONS,
    applicationName: 'integration',
  });
}
