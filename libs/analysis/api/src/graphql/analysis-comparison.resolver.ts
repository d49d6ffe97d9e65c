import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GetComparisonService } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { GqlIdentity } from './graphql-identity.decorator.js';
import { AnalysisStatusValue, type FindingSeverityValue } from './types/analysis-enums.js';
import { FindingsComparisonType } from './types/findings-comparison.type.js';
import { SecurityAnalysisType } from './types/security-analysis.type.js';

/** `SecurityAnalysis.comparison`: what changed since the previous analysis of the same target. */
@Resolver(() => SecurityAnalysisType)
export class AnalysisComparisonResolver {
  constructor(private readonly getComparison: GetComparisonService) {}

  @ResolveField(() => FindingsComparisonType, {
    nullable: true,
    description: 'What changed since the previous completed analysis of the same target; set once completed.',
  })
  async comparison(
    @Parent() analysis: SecurityAnalysisType,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<FindingsComparisonType | null> {
    if (analysis.status !== AnalysisStatusValue.COMPLETED) return null;
    const comparison = await this.getComparison.execute(identity, analysis.id);
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
