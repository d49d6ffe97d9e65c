import type { orchestratorProto } from '@so/contracts';
import type { AnalysisGrpcClient } from '@so/gateway-grpc';
import { validateAnalysisId } from '../validation/public-request.validator.js';
import type { Decoded } from '../validation/wire-checked-decoder.js';
import type { PublicCall } from './public-call.js';
import { requireDecoded } from './public-call.js';

type Response = orchestratorProto.SecurityAnalysisResponse;

/**
 * SecurityAnalysisQueryService: what a peer needs after starting an analysis without waiting - its
 * state and findings, or stopping it. The analysis service scopes by the signed caller identity, so
 * another organisation's id is NOT_FOUND exactly like an unknown one.
 */
export class PublicAnalysisQueryService {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  get(decoded: Decoded<orchestratorProto.GetAnalysisRequest>, call: PublicCall): Promise<Response> {
    const { analysisId } = requireDecoded(decoded);
    validateAnalysisId(analysisId);
    return this.analysis.getAnalysis({ analysisId, projectId: '' }, call.context);
  }

  cancel(decoded: Decoded<orchestratorProto.CancelAnalysisRequest>, call: PublicCall): Promise<Response> {
    const { analysisId } = requireDecoded(decoded);
    validateAnalysisId(analysisId);
    return this.analysis.cancelAnalysis({ analysisId, projectId: '' }, call.context);
  }
}
