export * from './events/event-types.js';
export * from './events/event-payloads.js';
export * from './events/domain-event.js';
export * from './events/event-stream.js';
export * from './jobs/job-catalogue.js';
export * from './grpc/proto-paths.js';
export * as orchestratorProto from './generated/security_orchestrator.js';
export * as analysisInternalProto from './generated/internal/analysis_internal.js';
export * as webhookInternalProto from './generated/internal/webhook_internal.js';
