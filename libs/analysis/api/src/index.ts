export * from './analysis-api.module.js';
export * from './analysis-api.options.js';
export * from './graphql/graphql-error.formatter.js';
