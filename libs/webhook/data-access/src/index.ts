export * from './entities/webhook-endpoint.entity.js';
export * from './entities/webhook-message.entity.js';
export * from './entities/webhook-attempt.entity.js';
export * from './migrations/1795000000000-create-webhook-schema.migration.js';
export * from './migrations/1795000100000-webhook-delivery-controls.migration.js';
export * from './migrations/1795000500000-webhook-ordered-delivery.migration.js';
export * from './event-type-patterns.js';
export * from './webhook-data-source.js';
