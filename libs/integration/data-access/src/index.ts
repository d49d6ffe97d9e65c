export * from './integration.constants.js';
export * from './entities/integration.entity.js';
export * from './entities/integration-event.entity.js';
export * from './repositories/integration.repository.js';
export * from './repositories/integration-event.repository.js';
export * from './integration-data-source.js';
export * from './migrations/1763700000000-create-integration-tables.js';
export * from './integration-migrations.runner.js';
