import { Parent, Resolver, ResolveReference } from '@nestjs/graphql';
import { GetProjectService } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { toProjectType } from './analysis.graphql-mapper.js';
import { GqlIdentity } from './graphql-identity.decorator.js';
import { ProjectType } from './types/project.type.js';

@Resolver(() => ProjectType)
export class ProjectResolver {
  constructor(private readonly getProject: GetProjectService) {}

  @ResolveReference()
  async resolveReference(
    @Parent() reference: { __typename: string; id: string },
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<ProjectType> {
    return toProjectType(await this.getProject.execute(identity, reference.id));
  }
}
