export type * from './subgraph-endpoint.js';
export type * from './federation.options.js';
export * from './subgraph.probe.js';
export * from './undici-fetcher.js';
export * from './gateway-graphql.context.js';
export * from './signed-subgraph.data-source.js';
export * from './retrying-introspect-and-compose.js';
export * from './federation.module.js';
