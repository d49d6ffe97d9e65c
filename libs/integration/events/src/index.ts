export * from './integration-events.options.js';
export * from './integration-events.module.js';
export * from './integration-redis.js';
export * from './integration-event.recorder.js';
export * from './integration-event-query.service.js';
export * from './integration-event.consumer.js';
export * from './recorded-event.listener.js';
