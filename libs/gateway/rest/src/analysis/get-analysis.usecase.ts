import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { toAnalysisView, type AnalysisView } from './analysis.view.js';

/** One analysis of a project, with findings and metrics. */
@Injectable()
export class GetAnalysisUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(projectId: string, analysisId: string, caller: AuthenticatedCaller): Promise<AnalysisView> {
    return toAnalysisView(await this.analysis.getAnalysis({ analysisId, projectId }, caller));
  }
}
