import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FindingSeverityValue } from './analysis-enums.js';

@ObjectType('FixedFinding', { description: 'A finding of the previous analysis that this one no longer reports.' })
export class FixedFindingType {
  @Field(() => ID, { description: "The finding's id in the previous analysis." })
  findingId!: string;

  @Field()
  fingerprint!: string;

  @Field()
  ruleId!: string;

  @Field()
  title!: string;

  @Field(() => FindingSeverityValue)
  severity!: FindingSeverityValue;

  @Field({ description: 'OWASP API Security Top 10 (2023) category id.' })
  category!: string;
}

@ObjectType('FindingsComparison', {
  description:
    'What changed since the previous completed analysis of the same target. New and remaining findings are ' +
    "this analysis' findings with occurrence NEW or RECURRING.",
})
export class FindingsComparisonType {
  @Field(() => ID, { nullable: true, description: 'Null for the first analysis of its target.' })
  previousAnalysisId!: string | null;

  @Field(() => Int)
  newCount!: number;

  @Field(() => Int)
  fixedCount!: number;

  @Field(() => Int)
  remainingCount!: number;

  @Field(() => [FixedFindingType])
  fixed!: FixedFindingType[];
}
