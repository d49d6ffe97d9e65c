export * from './integration-dispatch.options.js';
export * from './integration-dispatch.module.js';
export * from './breaker/circuit-breaker.policy.js';
export * from './status/integration-health.service.js';
export * from './deliver/finding-batch.builder.js';
export * from './deliver/deliver-to-integration.service.js';
export * from './schedule/delivery.scheduler.js';
