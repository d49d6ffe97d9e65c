import { Injectable } from '@nestjs/common';
import {
  AnalysisListingRepository,
  FindingBatchRepository,
  FindingLifecycleRepository,
  ProjectLookupRepository,
  type AnalysisComparisonRecord,
} from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { toAnalysisSummaryView, type AnalysisSummaryView } from '../../views/analysis-summary.view.js';
import { toFindingView, type FindingView } from '../../views/analysis.view.js';
import type { ProjectView } from '../../views/project.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads by many ids at once, one statement per kind, for batching transports (GraphQL DataLoaders).
 * Results are keyed by id; ids of another org, unknown or malformed ids are simply absent, so the
 * caller answers them as not found without learning whether they exist elsewhere.
 */
@Injectable()
export class AnalysisBatchReader {
  constructor(
    private readonly analyses: AnalysisListingRepository,
    private readonly findings: FindingBatchRepository,
    private readonly projects: ProjectLookupRepository,
    private readonly lifecycle: FindingLifecycleRepository,
  ) {}

  /** Stored comparisons with the previous run; analyses without one (not completed, another org's) are absent. */
  async comparisonsByAnalysisIds(identity: CallerIdentity, analysisIds: readonly string[]): Promise<Map<string, AnalysisComparisonRecord>> {
    const rows = await this.lifecycle.comparisonsOf(identity.orgId, wellFormed(analysisIds));
    return new Map(rows.map((row) => [row.analysisId, row]));
  }

  async analysesByIds(identity: CallerIdentity, ids: readonly string[]): Promise<Map<string, AnalysisSummaryView>> {
    const rows = await this.analyses.findManyWithProject(identity.orgId, wellFormed(ids));
    return new Map(rows.map((row) => [row.analysis.id, toAnalysisSummaryView(row)]));
  }

  /** Every requested analysis gets an entry (empty when it has no findings). */
  async findingsByAnalysisIds(identity: CallerIdentity, analysisIds: readonly string[]): Promise<Map<string, FindingView[]>> {
    const ids = wellFormed(analysisIds);
    const grouped = new Map<string, FindingView[]>(ids.map((id) => [id, []]));
    for (const row of await this.findings.listForAnalyses(identity.orgId, ids)) {
      grouped.get(row.analysisId)?.push(toFindingView(row));
    }
    return grouped;
  }

  async projectsByIds(identity: CallerIdentity, ids: readonly string[]): Promise<Map<string, ProjectView>> {
    const rows = await this.projects.findManyByIds(identity.orgId, wellFormed(ids));
    return new Map(
      rows.map((row) => [row.id, { id: row.id, key: row.key, name: row.name, createdAt: row.createdAt }]),
    );
  }
}

/** Distinct, lower-case UUIDs only: anything else can never match and must not reach a uuid column. */
function wellFormed(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim().toLowerCase()).filter((id) => UUID.test(id)))];
}
