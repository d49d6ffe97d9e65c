import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * The analysis subgraph's `SecurityAnalysis` entity, as this subgraph sees it: only its key.
 * This subgraph contributes the `webhookDeliveries` field.
 */
@ObjectType('SecurityAnalysis')
@Directive('@key(fields: "id")')
export class SecurityAnalysisReference {
  @Field(() => ID)
  id!: string;
}
