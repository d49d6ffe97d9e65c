import { Injectable } from '@nestjs/common';
import { IntegrationEventRepository, type IntegrationEventEntity } from '@so/integration-data-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the recorded events, always within one org. */
@Injectable()
export class IntegrationEventQueryService {
  constructor(private readonly events: IntegrationEventRepository) {}

  /**
   * Events per analysis id, for a batch of ids (one query). Ids that are not UUIDs cannot match a
   * recorded analysis and get an empty list instead of a database error.
   */
  async listForAnalyses(orgId: string, analysisIds: readonly string[]): Promise<Map<string, IntegrationEventEntity[]>> {
    const byAnalysis = new Map<string, IntegrationEventEntity[]>(analysisIds.map((id) => [id, []]));
    const valid = [...new Set(analysisIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
    const rows = await this.events.findByAnalyses(orgId, valid);
    for (const row of rows) {
      for (const id of analysisIds) {
        if (id.toLowerCase() === row.analysisId) byAnalysis.get(id)?.push(row);
      }
    }
    return byAnalysis;
  }
}
