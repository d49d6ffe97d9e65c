export * from './realtime.protocol.js';
export * from './realtime-rooms.js';
export * from './realtime-preferences.js';
export * from './realtime.options.js';
export * from './realtime.module.js';
export * from './realtime-redis.js';
export * from './realtime-event.consumer.js';
export * from './realtime-fanout.service.js';
