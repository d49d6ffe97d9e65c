import { Parent, Resolver, ResolveReference } from '@nestjs/graphql';
import { AnalysisException } from '@so/analysis-feature';
import { toProjectType } from './analysis.graphql-mapper.js';
import type { AnalysisLoaders } from './loaders/analysis-loaders.js';
import { GqlLoaders } from './loaders/graphql-loaders.decorator.js';
import { ProjectType } from './types/project.type.js';

@Resolver(() => ProjectType)
export class ProjectResolver {
  /** Batched and scoped to the caller's org, like every read of this subgraph. */
  @ResolveReference()
  async resolveReference(
    @Parent() reference: { __typename: string; id: string },
    @GqlLoaders() loaders: AnalysisLoaders,
  ): Promise<ProjectType> {
    const project = await loaders.projects.load(reference.id);
    if (!project) throw AnalysisException.projectNotFound(reference.id);
    return toProjectType(project);
  }
}
