import { Injectable } from '@nestjs/common';
import { INTEGRATION_SCHEMA, type IntegrationStatusName } from '@so/integration-data-access';
import { preparedQuery } from '@so/shared';
import { DataSource } from 'typeorm';

/** The status columns of one integration, as callers see them (never config or credentials). */
export interface IntegrationStatusRow {
  id: string;
  status: IntegrationStatusName;
  message: string;
  lastCheckedAt: Date | null;
}

const STATUS_SQL = `SELECT "id", "status", "status_message", "last_checked_at"
  FROM "${INTEGRATION_SCHEMA}"."integrations" WHERE "org_id" = $1 AND "id" = $2`;

/**
 * GetIntegrationStatus' read: only the four columns it answers with, as one prepared statement.
 * It is the hottest integration RPC (clients poll it), and loading the whole entity through the
 * ORM (config, credential ciphertext, query building, hydration) cost more than the query itself.
 */
@Injectable()
export class IntegrationStatusReader {
  constructor(private readonly dataSource: DataSource) {}

  async find(orgId: string, id: string): Promise<IntegrationStatusRow | null> {
    const [row] = await preparedQuery<{
      id: string;
      status: IntegrationStatusName;
      status_message: string;
      last_checked_at: Date | null;
    }>(this.dataSource, 'integration_status', STATUS_SQL, [orgId, id]);
    if (!row) return null;
    return { id: row.id, status: row.status, message: row.status_message, lastCheckedAt: row.last_checked_at };
  }
}
