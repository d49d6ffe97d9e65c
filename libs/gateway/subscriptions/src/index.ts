export type * from './subscriptions.options.js';
export * from './event-stream.tail.js';
export * from './event-queue.iterator.js';
export * from './subscription.schema.js';
export * from './connection-auth.js';
export * from './graphql-ws.server.js';
export * from './subscriptions.module.js';
