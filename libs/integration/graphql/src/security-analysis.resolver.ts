import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { DomainException } from '@so/shared';
import type { IntegrationGraphqlContext } from './integration-graphql.context.js';
import { IntegrationEventType } from './types/integration-event.type.js';
import { SecurityAnalysisReference } from './types/security-analysis.reference.js';

/** Federation entry point for SecurityAnalysis: adds `integrationEvents`, batched per request. */
@Resolver(() => SecurityAnalysisReference)
export class SecurityAnalysisResolver {
  @ResolveReference()
  resolveReference(reference: { __typename: 'SecurityAnalysis'; id: string }): SecurityAnalysisReference {
    return { id: reference.id };
  }

  @ResolveField('integrationEvents', () => [IntegrationEventType])
  integrationEvents(@Parent() analysis: SecurityAnalysisReference, @Context() context: IntegrationGraphqlContext): Promise<IntegrationEventType[]> {
    if (!context.integrationEventsByAnalysis) {
      throw new DomainException('UNAUTHENTICATED', 'INTEGRATION.UNAUTHENTICATED', 'a verified caller identity is required');
    }
    return context.integrationEventsByAnalysis.load(analysis.id);
  }
}
