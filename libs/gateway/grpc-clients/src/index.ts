// The peer client lives in @so/shared (the notification service calls peers too); re-exported so
// the gateway's projects keep one import for their gRPC peers.
export {
  GrpcPeerClient,
  identityRejected,
  UNIMPLEMENTED_CODE,
  type GrpcPeerOptions,
  type GrpcRetryPolicy,
  type PeerCallContext,
  type UnaryCallOptions,
} from '@so/shared';
export * from './peers/analysis.grpc-client.js';
export * from './peers/webhook-admin.grpc-client.js';
export * from './peers/webhook-operations.grpc-client.js';
export * from './peers/webhook-inbound.grpc-client.js';
export * from './peers/integration.grpc-client.js';
export * from './grpc-clients.module.js';
