import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { AnalysisStatus } from '@so/analysis-data-access';
import { ListProjectAnalysesService, PAGE_SIZE } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { toSecurityAnalysisType } from './analysis.graphql-mapper.js';
import { toConnection } from './connection.mapper.js';
import { GqlIdentity } from './graphql-identity.decorator.js';
import { SecurityAnalysisConnectionType } from './types/analysis-connection.type.js';
import { AnalysisStatusValue } from './types/analysis-enums.js';

@Resolver()
export class ProjectAnalysesResolver {
  constructor(private readonly listAnalyses: ListProjectAnalysesService) {}

  @Query(() => SecurityAnalysisConnectionType, {
    description: `A project's analyses, newest first (Relay connection; first ${PAGE_SIZE.default} by default, at most ${PAGE_SIZE.max}).`,
  })
  async projectAnalyses(
    @Args('projectId', { description: 'Project key.' }) projectId: string,
    @GqlIdentity() identity: CallerIdentity,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('status', { type: () => AnalysisStatusValue, nullable: true }) status?: AnalysisStatusValue | null,
  ): Promise<SecurityAnalysisConnectionType> {
    const page = await this.listAnalyses.execute(identity, {
      projectId,
      first,
      after,
      status: (status ?? null) as string as AnalysisStatus | null,
    });
    return { ...toConnection(page, toSecurityAnalysisType), totalCount: page.totalCount };
  }
}
