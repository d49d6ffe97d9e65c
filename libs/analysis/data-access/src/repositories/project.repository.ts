import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectEntity } from '../entities/project.entity.js';

/** Projects are created by AnalysisRepository.createPending on first use; this reads them. */
@Injectable()
export class ProjectRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(orgId: string, id: string): Promise<ProjectEntity | null> {
    return this.dataSource.getRepository(ProjectEntity).findOneBy({ orgId, id });
  }
}
