import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { GetAnalysisService, GetProjectService } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { toProjectType, toSecurityAnalysisType } from './analysis.graphql-mapper.js';
import { GqlIdentity } from './graphql-identity.decorator.js';
import { ProjectType } from './types/project.type.js';
import { SecurityAnalysisType } from './types/security-analysis.type.js';

@Resolver(() => SecurityAnalysisType)
export class SecurityAnalysisResolver {
  constructor(
    private readonly getAnalysis: GetAnalysisService,
    private readonly getProject: GetProjectService,
  ) {}

  @Query(() => SecurityAnalysisType, { description: "One analysis of the caller's organisation." })
  async securityAnalysis(
    @Args('id', { type: () => ID }) id: string,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<SecurityAnalysisType> {
    return toSecurityAnalysisType(await this.getAnalysis.execute(identity, id));
  }

  /** Other subgraphs' references resolve only within the caller's org, like the query. */
  @ResolveReference()
  async resolveReference(
    @Parent() reference: { __typename: string; id: string },
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<SecurityAnalysisType> {
    return toSecurityAnalysisType(await this.getAnalysis.execute(identity, reference.id));
  }

  @ResolveField(() => ProjectType)
  async project(
    @Parent() analysis: SecurityAnalysisType,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<ProjectType> {
    return toProjectType(await this.getProject.execute(identity, analysis.projectRecordId));
  }
}
