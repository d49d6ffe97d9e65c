import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { IntegrationEventType } from './integration-event.type.js';

/**
 * The analysis subgraph owns SecurityAnalysis; this subgraph only adds `integrationEvents` to it,
 * resolved from the key.
 */
@ObjectType('SecurityAnalysis')
@Directive('@key(fields: "id")')
export class SecurityAnalysisReference {
  @Field(() => ID)
  id!: string;

  @Field(() => [IntegrationEventType], { description: 'Events the integration service recorded for this analysis.' })
  integrationEvents?: IntegrationEventType[];
}
