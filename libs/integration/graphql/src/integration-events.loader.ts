import { Injectable } from '@nestjs/common';
import type { IntegrationEventEntity } from '@so/integration-data-access';
import { IntegrationEventQueryService } from '@so/integration-events';
import DataLoader from 'dataloader';
import type { IntegrationEventType } from './types/integration-event.type.js';

/** Builds the per-request loader that turns N `integrationEvents` fields into one query. */
@Injectable()
export class IntegrationEventsLoaderFactory {
  constructor(private readonly queries: IntegrationEventQueryService) {}

  create(orgId: string): DataLoader<string, IntegrationEventType[]> {
    return new DataLoader<string, IntegrationEventType[]>(async (analysisIds) => {
      const byAnalysis = await this.queries.listForAnalyses(orgId, analysisIds);
      return analysisIds.map((id) => (byAnalysis.get(id) ?? []).map(toGraphql));
    });
  }
}

function toGraphql(row: IntegrationEventEntity): IntegrationEventType {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    projectId: row.projectId,
    analysisId: row.analysisId,
    findingId: row.findingId,
    findingFingerprint: row.findingFingerprint,
    findingSeverity: row.findingSeverity,
    findingTitle: row.findingTitle,
    findingRuleId: row.findingRuleId,
    owaspCategory: row.owaspCategory,
    analysisStatus: row.analysisStatus,
    findingCount: row.findingCount,
    score: row.score,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
  };
}
