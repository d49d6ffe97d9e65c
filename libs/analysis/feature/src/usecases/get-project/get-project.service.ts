import { Injectable } from '@nestjs/common';
import { ProjectRepository } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import type { ProjectView } from '../../views/project.view.js';
import { assertUuid } from '../../uuid.js';

/** A project of the caller's org by its record id (federation reference resolution). */
@Injectable()
export class GetProjectService {
  constructor(private readonly projects: ProjectRepository) {}

  async execute(identity: CallerIdentity, projectRecordId: string): Promise<ProjectView> {
    const id = assertUuid(projectRecordId, 'id');
    const project = await this.projects.findById(identity.orgId, id);
    if (!project) throw AnalysisException.projectNotFound(id);
    return { id: project.id, key: project.key, name: project.name, createdAt: project.createdAt };
  }
}
