import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AnalysisConfig', { description: 'Options an analysis runs with.' })
export class AnalysisConfigType {
  @Field()
  deepScan!: boolean;

  @Field(() => Int)
  maxDepth!: number;

  @Field(() => [String], { description: 'Rule id prefixes or OWASP categories to run; empty = all.' })
  vulnerabilityTypes!: string[];

  @Field()
  enableAiAnalysis!: boolean;

  @Field(() => Int)
  timeoutSeconds!: number;
}
