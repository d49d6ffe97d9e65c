export * from './graphql-limits.js';
export * from './operation-depth.rule.js';
export * from './operation-cost.js';
export * from './operation-allowlist.js';
export * from './operation-limits.plugin.js';
export * from './gateway-error.formatter.js';
