import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { AnalysisException, GetAnalysisService, toAnalysisSummaryView } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { toProjectType, toSecurityAnalysisType, toSecurityFindingType } from './analysis.graphql-mapper.js';
import { GqlIdentity } from './graphql-identity.decorator.js';
import type { AnalysisLoaders } from './loaders/analysis-loaders.js';
import { GqlLoaders } from './loaders/graphql-loaders.decorator.js';
import { ProjectType } from './types/project.type.js';
import { SecurityAnalysisType } from './types/security-analysis.type.js';
import { SecurityFindingType } from './types/security-finding.type.js';

@Resolver(() => SecurityAnalysisType)
export class SecurityAnalysisResolver {
  constructor(private readonly getAnalysis: GetAnalysisService) {}

  @Query(() => SecurityAnalysisType, { description: "One analysis of the caller's organisation." })
  async securityAnalysis(
    @Args('id', { type: () => ID }) id: string,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<SecurityAnalysisType> {
    return toSecurityAnalysisType(toAnalysisSummaryView(await this.getAnalysis.load(identity, id)));
  }

  /**
   * Other subgraphs' references resolve only within the caller's org, like the query, and in one
   * batch: the gateway sends all representations of a plan step in one `_entities` call.
   */
  @ResolveReference()
  async resolveReference(
    @Parent() reference: { __typename: string; id: string },
    @GqlLoaders() loaders: AnalysisLoaders,
  ): Promise<SecurityAnalysisType> {
    const analysis = await loaders.analyses.load(reference.id);
    if (!analysis) throw AnalysisException.notFound(reference.id);
    return toSecurityAnalysisType(analysis);
  }

  @ResolveField(() => [SecurityFindingType], { description: 'Most severe first.' })
  async findings(
    @Parent() analysis: SecurityAnalysisType,
    @GqlLoaders() loaders: AnalysisLoaders,
  ): Promise<SecurityFindingType[]> {
    return (await loaders.findingsByAnalysis.load(analysis.id)).map(toSecurityFindingType);
  }

  @ResolveField(() => ProjectType)
  async project(@Parent() analysis: SecurityAnalysisType, @GqlLoaders() loaders: AnalysisLoaders): Promise<ProjectType> {
    const project = await loaders.projects.load(analysis.projectRecordId);
    if (!project) throw AnalysisException.projectNotFound(analysis.projectRecordId);
    return toProjectType(project);
  }
}
