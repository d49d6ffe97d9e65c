import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AnalysisMetricsType } from './analysis-metrics.type.js';
import { AnalysisStatusValue } from './analysis-enums.js';
import { AnalysisConfigType } from './analysis-config.type.js';

@ObjectType('SecurityAnalysis')
@Directive('@key(fields: "id")')
export class SecurityAnalysisType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Key of the project the analysis belongs to.' })
  projectId!: string;

  @Field(() => AnalysisStatusValue)
  status!: AnalysisStatusValue;

  @Field(() => String, { nullable: true })
  targetUrl!: string | null;

  @Field(() => Int)
  progressPercent!: number;

  @Field(() => String, { nullable: true })
  stage!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the analysis failed.' })
  errorMessage!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => AnalysisConfigType)
  config!: AnalysisConfigType;

  @Field(() => AnalysisMetricsType, { nullable: true, description: 'Set once the analysis completed.' })
  metrics!: AnalysisMetricsType | null;

  /** `findings` and `project` are resolved by SecurityAnalysisResolver through per-request loaders. */

  /** projects.id, for the `project` field; not part of the schema. */
  projectRecordId!: string;
}
