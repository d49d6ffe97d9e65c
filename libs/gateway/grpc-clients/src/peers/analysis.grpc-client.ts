import { analysisInternalProto, orchestratorProto } from '@so/contracts';
import type { GrpcPeerClient, PeerCallContext } from '@so/shared';
import { AnalysisStartCoalescer } from './analysis-start.coalescer.js';

type SecurityAnalysisRequest = orchestratorProto.SecurityAnalysisRequest;
type SecurityAnalysisResponse = orchestratorProto.SecurityAnalysisResponse;
type GetAnalysisRequest = analysisInternalProto.GetAnalysisRequest;
type UpdateFindingStatusRequest = analysisInternalProto.UpdateFindingStatusRequest;
type RenderReportRequest = analysisInternalProto.RenderReportRequest;

/** The analysis service: `SecurityOrchestratorService` (public contract) and `AnalysisQueryService` (internal). */
export class AnalysisGrpcClient {
  private readonly starts: AnalysisStartCoalescer;

  constructor(readonly peer: GrpcPeerClient) {
    this.starts = new AnalysisStartCoalescer(peer, (request, context) => this.analyzeAlone(request, context));
  }

  /**
   * A start that does not wait goes out with the other starts of the moment in one StartAnalyses
   * call (AnalysisStartCoalescer); a waiting one is a call of its own.
   */
  analyzeSecurity(request: SecurityAnalysisRequest, context: PeerCallContext): Promise<SecurityAnalysisResponse> {
    if (request.waitForResult === false) return this.starts.start(request, context);
    return this.analyzeAlone(request, context);
  }

  /** Retried on UNAVAILABLE only when the request has an idempotency key (a repeat returns the same analysis). */
  private analyzeAlone(request: SecurityAnalysisRequest, context: PeerCallContext): Promise<SecurityAnalysisResponse> {
    return this.peer.unary(orchestratorProto.SecurityOrchestratorServiceService.analyzeSecurity, request, context, {
      idempotent: request.idempotencyKey.length > 0,
    });
  }

  getAnalysis(request: GetAnalysisRequest, context: PeerCallContext): Promise<SecurityAnalysisResponse> {
    return this.peer.unary(analysisInternalProto.AnalysisQueryServiceService.getAnalysis, request, context, {
      idempotent: true,
    });
  }

  /** Cancelling twice has the same effect as once, so it is retried like a read. */
  cancelAnalysis(request: GetAnalysisRequest, context: PeerCallContext): Promise<SecurityAnalysisResponse> {
    return this.peer.unary(analysisInternalProto.AnalysisQueryServiceService.cancelAnalysis, request, context, {
      idempotent: true,
    });
  }

  /** Setting the same status twice has the same effect as once. */
  updateFindingStatus(
    request: UpdateFindingStatusRequest,
    context: PeerCallContext,
  ): Promise<orchestratorProto.SecurityFinding> {
    return this.peer.unary(analysisInternalProto.AnalysisQueryServiceService.updateFindingStatus, request, context, {
      idempotent: true,
    });
  }

  renderReport(request: RenderReportRequest, context: PeerCallContext): Promise<analysisInternalProto.RenderedReport> {
    return this.peer.unary(analysisInternalProto.AnalysisQueryServiceService.renderReport, request, context, {
      idempotent: true,
    });
  }

  listAnalyses(
    request: analysisInternalProto.ListAnalysesRequest,
    context: PeerCallContext,
  ): Promise<analysisInternalProto.AnalysisPage> {
    return this.peer.unary(analysisInternalProto.AnalysisQueryServiceService.listAnalyses, request, context, {
      idempotent: true,
    });
  }
}
