import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoType } from './page-info.type.js';
import { SecurityAnalysisType } from './security-analysis.type.js';

@ObjectType('SecurityAnalysisEdge')
export class SecurityAnalysisEdgeType {
  @Field()
  cursor!: string;

  @Field(() => SecurityAnalysisType)
  node!: SecurityAnalysisType;
}

@ObjectType('SecurityAnalysisConnection', { description: "A page of a project's analyses, newest first." })
export class SecurityAnalysisConnectionType {
  @Field(() => [SecurityAnalysisEdgeType])
  edges!: SecurityAnalysisEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Analyses matching the filter across all pages.' })
  totalCount!: number;
}
