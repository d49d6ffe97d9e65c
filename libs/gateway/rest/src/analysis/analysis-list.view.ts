import type { analysisInternalProto } from '@so/contracts';
import { z } from 'zod';
import { AnalysisViewSchema, toAnalysisView } from './analysis.view.js';

/** An analysis in a list: the analysis view without findings and comparison (fetch one for those). */
export const AnalysisSummaryViewSchema = AnalysisViewSchema.omit({ findings: true, comparison: true });
export type AnalysisSummaryView = z.infer<typeof AnalysisSummaryViewSchema>;

export const AnalysisListViewSchema = z.object({
  items: z.array(AnalysisSummaryViewSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  links: z.object({ next: z.string().nullable() }),
});
export type AnalysisListView = z.infer<typeof AnalysisListViewSchema>;

export function toAnalysisListView(page: analysisInternalProto.AnalysisPage, nextLink: (cursor: string) => string): AnalysisListView {
  return {
    items: page.analyses.map((analysis) => {
      const { findings: _findings, comparison: _comparison, ...summary } = toAnalysisView(analysis);
      return summary;
    }),
    nextCursor: page.nextCursor || null,
    links: { next: page.nextCursor ? nextLink(page.nextCursor) : null },
  };
}
