import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AnalysisMetrics')
export class AnalysisMetricsType {
  @Field(() => Int)
  totalFindings!: number;

  @Field(() => Int)
  critical!: number;

  @Field(() => Int)
  high!: number;

  @Field(() => Int)
  medium!: number;

  @Field(() => Int)
  low!: number;

  @Field(() => Int)
  info!: number;

  @Field(() => Int)
  operationsDeclared!: number;

  @Field(() => Int)
  operationsCovered!: number;

  @Field(() => Float, { description: '0..100, 100 = nothing found.' })
  score!: number;

  @Field(() => Float)
  durationMs!: number;

  @Field(() => [String], { description: 'Checks that could not run; the result is still valid.' })
  warnings!: string[];
}
