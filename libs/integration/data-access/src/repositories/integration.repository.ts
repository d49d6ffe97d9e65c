import { Injectable } from '@nestjs/common';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { IntegrationEntity } from '../entities/integration.entity.js';
import type { IntegrationType } from '../integration.constants.js';

/** Postgres unique_violation. */
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class IntegrationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts; answers false when the org already has an integration with that project and name. */
  async insert(integration: Omit<IntegrationEntity, 'createdAt' | 'updatedAt'>): Promise<boolean> {
    try {
      await this.dataSource.createQueryBuilder().insert().into(IntegrationEntity).values(integration).execute();
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  findOne(orgId: string, id: string): Promise<IntegrationEntity | null> {
    return this.dataSource.getRepository(IntegrationEntity).findOne({ where: { orgId, id } });
  }

  /** The org's integrations attached to a project, of the given types (those a connector exists for). */
  findForProject(orgId: string, projectId: string, types: readonly IntegrationType[]): Promise<IntegrationEntity[]> {
    if (types.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(IntegrationEntity).find({ where: { orgId, projectId, type: In([...types]) } });
  }

  /** By id alone: for workers acting on a job that already carries a verified org's data. */
  findById(id: string): Promise<IntegrationEntity | null> {
    return this.dataSource.getRepository(IntegrationEntity).findOne({ where: { id } });
  }
}
