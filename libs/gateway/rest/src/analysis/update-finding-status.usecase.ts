import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { toFindingView, type FindingView } from './analysis.view.js';
import type { UpdateFindingStatusRequest } from './update-finding-status.request.js';

/** Triage of one finding of a project; the caller's API key is recorded as the author. */
@Injectable()
export class UpdateFindingStatusUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(
    projectId: string,
    findingId: string,
    body: UpdateFindingStatusRequest,
    caller: AuthenticatedCaller,
  ): Promise<FindingView> {
    const finding = await this.analysis.updateFindingStatus(
      { findingId, projectId, status: body.status, reason: body.reason ?? '' },
      caller,
    );
    return toFindingView(finding);
  }
}
