import { Args, Query, Resolver } from '@nestjs/graphql';
import { GetDashboardMetricsService, owaspCategoryName, type DashboardMetricsView } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { GqlIdentity } from './graphql-identity.decorator.js';
import type { AnalysisStatusValue, FindingSeverityValue, FindingStatusValue } from './types/analysis-enums.js';
import { DashboardMetricsType } from './types/dashboard-metrics.type.js';

@Resolver()
export class DashboardMetricsResolver {
  constructor(private readonly getMetrics: GetDashboardMetricsService) {}

  @Query(() => DashboardMetricsType, { description: "Numbers for a project's dashboard." })
  async dashboardMetrics(
    @Args('projectId', { description: 'Project key.' }) projectId: string,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<DashboardMetricsType> {
    return toDashboardMetricsType(await this.getMetrics.execute(identity, projectId));
  }
}

function toDashboardMetricsType(view: DashboardMetricsView): DashboardMetricsType {
  return {
    projectId: view.projectKey,
    totalAnalyses: view.totalAnalyses,
    analysesByStatus: view.analysesByStatus.map(({ key, count }) => ({
      status: key as string as AnalysisStatusValue,
      count,
    })),
    latestAnalysisId: view.latestAnalysisId,
    latestScore: view.latestScore,
    totalFindings: view.totalFindings,
    findingsBySeverity: view.findingsBySeverity.map(({ key, count }) => ({
      severity: key as string as FindingSeverityValue,
      count,
    })),
    findingsByStatus: view.findingsByStatus.map(({ key, count }) => ({
      status: key as string as FindingStatusValue,
      count,
    })),
    findingsByCategory: view.findingsByCategory.map(({ key, count }) => ({
      category: key,
      categoryName: owaspCategoryName(key),
      count,
    })),
    trend: view.trend,
  };
}
