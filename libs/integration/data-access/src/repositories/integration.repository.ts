import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { IntegrationEntity } from '../entities/integration.entity.js';

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

  /** By id alone: for workers acting on a job that already carries a verified org's data. */
  findById(id: string): Promise<IntegrationEntity | null> {
    return this.dataSource.getRepository(IntegrationEntity).findOne({ where: { id } });
  }
}
