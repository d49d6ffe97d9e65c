import { Injectable } from '@nestjs/common';
import {
  AnalysisRepository,
  FindingLifecycleRepository,
  FindingRepository,
  type AnalysisWithProject,
} from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { assertUuid } from '../../uuid.js';
import { toAnalysisView, type AnalysisView } from '../../views/analysis.view.js';

/** One analysis of the caller's org, with its findings and metrics. */
@Injectable()
export class GetAnalysisService {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly findings: FindingRepository,
    private readonly lifecycle: FindingLifecycleRepository,
  ) {}

  /**
   * Another org's analysis is reported exactly like a missing one, so ids cannot be probed
   * across tenants. `projectKey`, when given, must match too.
   */
  async execute(identity: CallerIdentity, analysisId: string, projectKey?: string): Promise<AnalysisView> {
    const record = await this.load(identity, analysisId, projectKey);
    const [findings, comparison] = await Promise.all([
      this.findings.listForAnalysis(identity.orgId, record.analysis.id),
      this.lifecycle.comparisonOf(identity.orgId, record.analysis.id),
    ]);
    return toAnalysisView(record, findings, comparison);
  }

  /** Row only, no findings: for callers that poll the status. */
  async load(identity: CallerIdentity, analysisId: string, projectKey?: string): Promise<AnalysisWithProject> {
    const id = assertUuid(analysisId, 'analysis_id');
    const record = await this.analyses.findWithProject(identity.orgId, id);
    if (!record || (projectKey && record.projectKey !== projectKey)) throw AnalysisException.notFound(id);
    return record;
  }
}
