import { Injectable } from '@nestjs/common';
import { AnalysisConfigRepository, AnalysisRepository } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { assertUuid } from '../../uuid.js';
import { toAnalysisSummaryView, type AnalysisSummaryView } from '../../views/analysis-summary.view.js';
import { patchAnalysisConfig } from './analysis-config.patch.js';
import type { UpdateAnalysisConfigCommand } from './update-analysis-config.command.js';

/**
 * Changes the options (depth, timeout, rule selection, ...) of an analysis that is still PENDING.
 * The worker reads the options when it claims the analysis, so a change is either seen entirely by
 * the run or refused with FAILED_PRECONDITION (ANALYSIS.NOT_PENDING) once the run has begun.
 */
@Injectable()
export class UpdateAnalysisConfigService {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly configs: AnalysisConfigRepository,
  ) {}

  async execute(
    identity: CallerIdentity,
    analysisId: string,
    patch: UpdateAnalysisConfigCommand,
  ): Promise<AnalysisSummaryView> {
    const id = assertUuid(analysisId, 'analysis_id');
    const current = await this.analyses.findWithProject(identity.orgId, id);
    if (!current) throw AnalysisException.notFound(id);
    const config = patchAnalysisConfig(current.analysis.config, patch);
    const updated = await this.configs.replaceIfPending(identity.orgId, id, config);
    if (updated) return toAnalysisSummaryView(updated);
    // Claimed (or cancelled) between the read and the write: report the status it has now.
    const now = await this.analyses.findWithProject(identity.orgId, id);
    if (!now) throw AnalysisException.notFound(id);
    throw AnalysisException.notPending(id, now.analysis.status);
  }
}
