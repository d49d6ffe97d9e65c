import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { AnalysisStatusValue, FindingSeverityValue, FindingStatusValue } from './analysis-enums.js';

@ObjectType('AnalysisStatusCount')
export class AnalysisStatusCountType {
  @Field(() => AnalysisStatusValue)
  status!: AnalysisStatusValue;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FindingSeverityCount')
export class FindingSeverityCountType {
  @Field(() => FindingSeverityValue)
  severity!: FindingSeverityValue;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FindingStatusCount')
export class FindingStatusCountType {
  @Field(() => FindingStatusValue)
  status!: FindingStatusValue;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FindingCategoryCount')
export class FindingCategoryCountType {
  @Field({ description: 'OWASP API Security Top 10 (2023) category id.' })
  category!: string;

  @Field()
  categoryName!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ScoreTrendPoint', { description: 'One completed analysis in the score trend.' })
export class ScoreTrendPointType {
  @Field(() => ID)
  analysisId!: string;

  @Field()
  completedAt!: Date;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => Int)
  totalFindings!: number;

  @Field(() => Int)
  critical!: number;

  @Field(() => Int)
  high!: number;
}

@ObjectType('DashboardMetrics', {
  description:
    "A project's dashboard. Finding counts describe the latest completed analysis (the current exposure); the trend covers the last completed analyses, oldest first.",
})
export class DashboardMetricsType {
  @Field({ description: 'Key of the project.' })
  projectId!: string;

  @Field(() => Int)
  totalAnalyses!: number;

  @Field(() => [AnalysisStatusCountType], { description: 'Every status, zero included.' })
  analysesByStatus!: AnalysisStatusCountType[];

  @Field(() => ID, { nullable: true, description: 'The latest completed analysis; null before the first.' })
  latestAnalysisId!: string | null;

  @Field(() => Float, { nullable: true })
  latestScore!: number | null;

  @Field(() => Int)
  totalFindings!: number;

  @Field(() => [FindingSeverityCountType], { description: 'Every severity, zero included, most severe first.' })
  findingsBySeverity!: FindingSeverityCountType[];

  @Field(() => [FindingStatusCountType], { description: 'Every triage status, zero included.' })
  findingsByStatus!: FindingStatusCountType[];

  @Field(() => [FindingCategoryCountType], { description: 'Categories with findings, most findings first.' })
  findingsByCategory!: FindingCategoryCountType[];

  @Field(() => [ScoreTrendPointType])
  trend!: ScoreTrendPointType[];
}
