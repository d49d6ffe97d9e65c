import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AnalysisLoaders } from './loaders/analysis-loaders.js';
import { GqlLoaders } from './loaders/graphql-loaders.decorator.js';
import { AnalysisStatusValue, type FindingSeverityValue } from './types/analysis-enums.js';
import { FindingsComparisonType } from './types/findings-comparison.type.js';
import { SecurityAnalysisType } from './types/security-analysis.type.js';

/** `SecurityAnalysis.comparison`: what changed since the previous analysis of the same target. */
@Resolver(() => SecurityAnalysisType)
export class AnalysisComparisonResolver {
  @ResolveField(() => FindingsComparisonType, {
    nullable: true,
    description: 'What changed since the previous completed analysis of the same target; set once completed.',
  })
  async comparison(
    @Parent() analysis: SecurityAnalysisType,
    @GqlLoaders() loaders: AnalysisLoaders,
  ): Promise<FindingsComparisonType | null> {
    if (analysis.status !== AnalysisStatusValue.COMPLETED) return null;
    // Batched: a page of analyses asking for their comparisons costs one statement.
    const comparison = await loaders.comparisons.load(analysis.id);
    if (!comparison) return null;
    return {
      previousAnalysisId: comparison.previousAnalysisId,
      newCount: comparison.newCount,
      fixedCount: comparison.fixedCount,
      remainingCount: comparison.remainingCount,
      fixed: comparison.fixed.map((finding) => ({
        ...finding,
        severity: finding.severity as string as FindingSeverityValue,
      })),
    };
  }
}
