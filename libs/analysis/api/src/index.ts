export * from './analysis-api.module.js';
export * from './analysis-api.options.js';
