export * from './endpoint.model.js';
export * from './endpoint-input.validator.js';
export * from './webhook-secret.js';
export * from './webhook-endpoint.service.js';
export * from './grpc/webhook-admin.grpc.controller.js';
export * from './graphql/webhook-endpoint.type.js';
export * from './graphql/webhook-endpoints.resolver.js';
export * from './webhook-endpoints.module.js';
