export type * from './peer-call-context.js';
export type * from './grpc-peer.options.js';
export * from './grpc-peer.client.js';
export * from './peers/analysis.grpc-client.js';
export * from './peers/webhook-admin.grpc-client.js';
export * from './peers/webhook-operations.grpc-client.js';
export * from './peers/webhook-inbound.grpc-client.js';
export * from './peers/integration.grpc-client.js';
export * from './grpc-clients.module.js';
