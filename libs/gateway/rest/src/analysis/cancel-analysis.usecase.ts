import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { toAnalysisView, type AnalysisView } from './analysis.view.js';

/** Asks the analysis service to stop an analysis; answers with its state afterwards. */
@Injectable()
export class CancelAnalysisUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(analysisId: string, caller: AuthenticatedCaller): Promise<AnalysisView> {
    return toAnalysisView(await this.analysis.cancelAnalysis({ analysisId, projectId: '' }, caller));
  }
}
