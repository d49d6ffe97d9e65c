import type { AnalysisComparisonRecord } from '@so/analysis-data-access';
import type { AnalysisBatchReader, AnalysisSummaryView, FindingView, ProjectView } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import DataLoader from 'dataloader';

/**
 * The per-request DataLoaders of the analysis subgraph. Every field that fetches by id or by parent
 * goes through one of them, so a page of N analyses with their findings and projects costs one
 * statement per kind instead of N. Built per request for the caller's identity: a batch never mixes
 * orgs, and nothing is cached beyond the request.
 */
export interface AnalysisLoaders {
  /** Analyses by id; null for one the caller's org does not have. */
  analyses: DataLoader<string, AnalysisSummaryView | null>;
  /** Findings of an analysis, most severe first. */
  findingsByAnalysis: DataLoader<string, FindingView[]>;
  /** Projects by record id; null for one the caller's org does not have. */
  projects: DataLoader<string, ProjectView | null>;
  /** An analysis' comparison with the previous run of its target; null while there is none. */
  comparisons: DataLoader<string, AnalysisComparisonRecord | null>;
}

export function createAnalysisLoaders(reader: AnalysisBatchReader, identity: CallerIdentity): AnalysisLoaders {
  return {
    analyses: new DataLoader(async (ids) => {
      const found = await reader.analysesByIds(identity, ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    findingsByAnalysis: new DataLoader(async (ids) => {
      const found = await reader.findingsByAnalysisIds(identity, ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? []);
    }),
    projects: new DataLoader(async (ids) => {
      const found = await reader.projectsByIds(identity, ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    comparisons: new DataLoader(async (ids) => {
      const found = await reader.comparisonsByAnalysisIds(identity, ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
  };
}
