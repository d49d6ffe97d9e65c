export * from './errors/rich-status.js';
export * from './validation/wire-checked-decoder.js';
export * from './validation/public-request.validator.js';
export * from './analysis/analysis-event-tail.js';
export * from './analysis/analysis-follower.js';
export * from './integration/integration-status.cache.js';
export * from './server/public-grpc.server.js';
export * from './grpc-public.module.js';
