import type { ServiceDefinition } from '@grpc/grpc-js';
import { orchestratorProto } from '@so/contracts';
import { wireCheckedDecoder } from '../validation/wire-checked-decoder.js';

const generated = orchestratorProto.SecurityOrchestratorServiceService;
const P = orchestratorProto;

/**
 * The ts-proto service definition with request deserializers replaced by wire-checked ones, so a
 * wrong-typed or malformed request reaches the handler as violations (INVALID_ARGUMENT + BadRequest).
 */
export const publicServiceDefinition = {
  AnalyzeSecurity: { ...generated.analyzeSecurity, requestDeserialize: wireCheckedDecoder('security.orchestrator.SecurityAnalysisRequest', P.SecurityAnalysisRequest.decode) },
  AnalyzeSecurityStream: { ...generated.analyzeSecurityStream, requestDeserialize: wireCheckedDecoder('security.orchestrator.SecurityAnalysisRequest', P.SecurityAnalysisRequest.decode) },
  AnalyzeSecurityBatch: { ...generated.analyzeSecurityBatch, requestDeserialize: wireCheckedDecoder('security.orchestrator.SecurityAnalysisRequest', P.SecurityAnalysisRequest.decode) },
  AnalyzeSecurityBidirectional: { ...generated.analyzeSecurityBidirectional, requestDeserialize: wireCheckedDecoder('security.orchestrator.SecurityAnalysisRequest', P.SecurityAnalysisRequest.decode) },
  HealthCheck: { ...generated.healthCheck, requestDeserialize: wireCheckedDecoder('security.orchestrator.HealthCheckRequest', P.HealthCheckRequest.decode) },
  CreateIntegration: { ...generated.createIntegration, requestDeserialize: wireCheckedDecoder('security.orchestrator.IntegrationRequest', P.IntegrationRequest.decode) },
  GetIntegrationStatus: { ...generated.getIntegrationStatus, requestDeserialize: wireCheckedDecoder('security.orchestrator.IntegrationStatusRequest', P.IntegrationStatusRequest.decode) },
} satisfies ServiceDefinition;

const query = orchestratorProto.SecurityAnalysisQueryServiceService;

/** SecurityAnalysisQueryService, with the same wire-checked request decoding. */
export const publicQueryServiceDefinition = {
  GetAnalysis: { ...query.getAnalysis, requestDeserialize: wireCheckedDecoder('security.orchestrator.GetAnalysisRequest', P.GetAnalysisRequest.decode) },
  CancelAnalysis: { ...query.cancelAnalysis, requestDeserialize: wireCheckedDecoder('security.orchestrator.CancelAnalysisRequest', P.CancelAnalysisRequest.decode) },
} satisfies ServiceDefinition;
