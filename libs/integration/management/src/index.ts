export * from './integration-management.options.js';
export * from './integration-management.module.js';
export * from './integration.service.js';
export * from './credentials.cipher.js';
export * from './grpc-exception.filter.js';
export * from './connector-settings.validator.js';
