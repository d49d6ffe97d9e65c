import { Injectable } from '@nestjs/common';
import {
  AnalysisMetricsRepository,
  AnalysisStatus,
  FINDING_SEVERITIES,
  FINDING_STATUSES,
  ProjectLookupRepository,
  type CountBy,
} from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import type { CountView, DashboardMetricsView } from './dashboard-metrics.view.js';

/** Completed analyses in the score trend. */
export const DASHBOARD_TREND_LENGTH = 10;

const ANALYSIS_STATUSES = Object.values(AnalysisStatus);

/**
 * The numbers of a project's dashboard, aggregated by Postgres in one statement. An unknown
 * project, or another org's, is NOT_FOUND.
 */
@Injectable()
export class GetDashboardMetricsService {
  constructor(
    private readonly projects: ProjectLookupRepository,
    private readonly metrics: AnalysisMetricsRepository,
  ) {}

  async execute(identity: CallerIdentity, projectKey: string): Promise<DashboardMetricsView> {
    const project = await this.projects.findByKey(identity.orgId, projectKey.trim());
    if (!project) throw AnalysisException.projectNotFound(projectKey);
    const record = await this.metrics.forProject(identity.orgId, project.id, DASHBOARD_TREND_LENGTH);
    return {
      projectKey: project.key,
      totalAnalyses: record.totalAnalyses,
      analysesByStatus: withZeros(ANALYSIS_STATUSES, record.analysesByStatus),
      latestAnalysisId: record.latestAnalysisId,
      latestScore: record.latestScore,
      totalFindings: record.totalFindings,
      findingsBySeverity: withZeros(FINDING_SEVERITIES, record.findingsBySeverity),
      findingsByStatus: withZeros(FINDING_STATUSES, record.findingsByStatus),
      findingsByCategory: record.findingsByCategory,
      trend: record.trend,
    };
  }
}

/** Charts want every bucket, also the empty ones, in a stable order. */
function withZeros<K extends string>(keys: readonly K[], counts: ReadonlyArray<CountBy<K>>): Array<CountView<K>> {
  const byKey = new Map(counts.map((count) => [count.key, count.count]));
  return keys.map((key) => ({ key, count: byKey.get(key) ?? 0 }));
}
