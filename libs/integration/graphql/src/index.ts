export * from './integration-graphql.module.js';
export * from './types/integration-event.type.js';
export * from './types/security-analysis.reference.js';
