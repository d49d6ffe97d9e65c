import { Injectable } from '@nestjs/common';
import { FindingLifecycleRepository, type AnalysisComparisonRecord } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { assertUuid } from '../../uuid.js';

/**
 * The comparison of a completed analysis with the previous one of the same subject: counts and the
 * fixed findings (new and remaining ones are the analysis' own findings, by occurrence). Null for
 * another org's analysis, one not completed yet, or one completed before comparisons existed.
 */
@Injectable()
export class GetComparisonService {
  constructor(private readonly lifecycle: FindingLifecycleRepository) {}

  execute(identity: CallerIdentity, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    return this.lifecycle.comparisonOf(identity.orgId, assertUuid(analysisId, 'analysis_id'));
  }
}
