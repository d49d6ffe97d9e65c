import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProjectEntity } from '../entities/project.entity.js';

/** Project reads by key (the public project id) and by many record ids at once, scoped by org. */
@Injectable()
export class ProjectLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByKey(orgId: string, key: string): Promise<ProjectEntity | null> {
    return this.dataSource.getRepository(ProjectEntity).findOneBy({ orgId, key });
  }

  findManyByIds(orgId: string, ids: readonly string[]): Promise<ProjectEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(ProjectEntity).findBy({ orgId, id: In([...ids]) });
  }
}
