import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { WebhookGraphqlContext } from '@so/webhook-common';
import { DeliveryLoaderRegistry } from './delivery-loader.registry.js';
import { toWebhookDeliveryType } from './webhook-delivery.mapper.js';
import { WebhookDeliveryType } from './webhook-delivery.type.js';
import { SecurityAnalysisReference } from './security-analysis.reference.js';

@Resolver(() => SecurityAnalysisReference)
export class SecurityAnalysisDeliveriesResolver {
  constructor(private readonly loaders: DeliveryLoaderRegistry) {}

  @ResolveReference()
  resolveReference(reference: { __typename: 'SecurityAnalysis'; id: string }): SecurityAnalysisReference {
    return { id: reference.id };
  }

  @ResolveField(() => [WebhookDeliveryType], { description: 'Webhook deliveries of the events about this analysis.' })
  async webhookDeliveries(
    @Parent() analysis: SecurityAnalysisReference,
    @Context() context: WebhookGraphqlContext,
  ): Promise<WebhookDeliveryType[]> {
    const deliveries = await this.loaders.forContext(context).load(analysis.id);
    return deliveries.map(toWebhookDeliveryType);
  }
}
