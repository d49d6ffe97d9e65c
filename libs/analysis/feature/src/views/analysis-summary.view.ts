import type { AnalysisWithProject } from '@so/analysis-data-access';
import { toAnalysisView, type AnalysisView } from './analysis.view.js';

/** An analysis without its findings: lists and batches, where findings are loaded separately (batched). */
export type AnalysisSummaryView = Omit<AnalysisView, 'findings'>;

export function toAnalysisSummaryView(record: AnalysisWithProject): AnalysisSummaryView {
  const { findings: _findings, ...summary } = toAnalysisView(record, []);
  return summary;
}
