import type { Metadata } from '@grpc/grpc-js';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import {
  CancelAnalysisService,
  GetAnalysisService,
  ListAnalysesService,
  RenderReportService,
  TriageFindingService,
} from '@so/analysis-feature';
import { analysisInternalProto, type orchestratorProto } from '@so/contracts';
import { CallerIdentityResolver } from '../identity/caller-identity.resolver.js';
import { toAnalysisResponse, toFindingMessage } from './analysis.grpc-mapper.js';
import { GrpcCorrelationInterceptor } from './grpc-correlation.interceptor.js';
import { GrpcExceptionFilter } from './grpc-exception.filter.js';
import { StartAnalysesHandler } from './start-analyses.handler.js';

/**
 * Fully qualified: the server loads this service as a nested package of `security.orchestrator`,
 * and Nest then matches handlers by the full service name.
 */
const SERVICE = 'security.orchestrator.internal.AnalysisQueryService';

/** Internal calls of the gateway: read, list and cancel analyses of the caller's org, coalesced starts, triage, reports. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCorrelationInterceptor)
export class AnalysisQueryGrpcController implements analysisInternalProto.AnalysisQueryServiceController {
  constructor(
    private readonly identities: CallerIdentityResolver,
    private readonly getAnalysisService: GetAnalysisService,
    private readonly cancelAnalysisService: CancelAnalysisService,
    private readonly triageFindingService: TriageFindingService,
    private readonly renderReportService: RenderReportService,
    private readonly listAnalysesService: ListAnalysesService,
    private readonly startAnalysesHandler: StartAnalysesHandler,
  ) {}

  /**
   * The gateway's coalesced starts. The call's own identity only admits the gateway; each start is
   * then checked against the identity it carries, as a single AnalyzeSecurity would be.
   */
  @GrpcMethod(SERVICE, 'StartAnalyses')
  async startAnalyses(
    request: analysisInternalProto.StartAnalysesRequest,
    metadata?: Metadata,
  ): Promise<analysisInternalProto.StartAnalysesResponse> {
    this.identities.fromGrpc(metadata);
    return { outcomes: await this.startAnalysesHandler.execute(request.starts ?? []) };
  }

  @GrpcMethod(SERVICE, 'ListAnalyses')
  async listAnalyses(
    request: analysisInternalProto.ListAnalysesRequest,
    metadata?: Metadata,
  ): Promise<analysisInternalProto.AnalysisPage> {
    const identity = this.identities.fromGrpc(metadata);
    const page = await this.listAnalysesService.execute(identity, {
      projectId: request.projectId ?? '',
      statuses: request.statuses ?? [],
      createdFrom: request.createdFrom || undefined,
      createdTo: request.createdTo || undefined,
      oldestFirst: request.oldestFirst ?? false,
      limit: request.limit || null,
      cursor: request.cursor || undefined,
    });
    return {
      analyses: page.items.map((summary) => toAnalysisResponse({ ...summary, findings: [] })),
      nextCursor: page.nextCursor ?? '',
    };
  }

  @GrpcMethod(SERVICE, 'GetAnalysis')
  async getAnalysis(
    request: analysisInternalProto.GetAnalysisRequest,
    metadata?: Metadata,
  ): Promise<orchestratorProto.SecurityAnalysisResponse> {
    const identity = this.identities.fromGrpc(metadata);
    return toAnalysisResponse(
      await this.getAnalysisService.execute(identity, request.analysisId ?? '', request.projectId || undefined),
    );
  }

  @GrpcMethod(SERVICE, 'CancelAnalysis')
  async cancelAnalysis(
    request: analysisInternalProto.GetAnalysisRequest,
    metadata?: Metadata,
  ): Promise<orchestratorProto.SecurityAnalysisResponse> {
    const identity = this.identities.fromGrpc(metadata);
    return toAnalysisResponse(
      await this.cancelAnalysisService.execute(identity, request.analysisId ?? '', request.projectId || undefined),
    );
  }

  @GrpcMethod(SERVICE, 'UpdateFindingStatus')
  async updateFindingStatus(
    request: analysisInternalProto.UpdateFindingStatusRequest,
    metadata?: Metadata,
  ): Promise<orchestratorProto.SecurityFinding> {
    const identity = this.identities.fromGrpc(metadata);
    return toFindingMessage(
      await this.triageFindingService.execute(identity, {
        findingId: request.findingId ?? '',
        projectKey: request.projectId || undefined,
        status: request.status ?? '',
        reason: request.reason || undefined,
      }),
    );
  }

  @GrpcMethod(SERVICE, 'RenderReport')
  async renderReport(
    request: analysisInternalProto.RenderReportRequest,
    metadata?: Metadata,
  ): Promise<analysisInternalProto.RenderedReport> {
    const identity = this.identities.fromGrpc(metadata);
    const report = await this.renderReportService.execute(identity, {
      analysisId: request.analysisId ?? '',
      projectKey: request.projectId || undefined,
      format: request.format ?? '',
      specPath: request.specPath || undefined,
      includeSuppressed: request.includeSuppressed ?? false,
    });
    return { mediaType: report.mediaType, fileName: report.fileName, body: report.body };
  }
}
