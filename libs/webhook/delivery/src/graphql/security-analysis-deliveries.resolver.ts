import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { WebhookGraphqlContext } from '@so/webhook-common';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { DeliveryLoaderRegistry } from './delivery-loader.registry.js';
import { WebhookAttemptStatus, WebhookDeliveryStatus } from './webhook-delivery-status.enum.js';
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
    return deliveries.map(toGraphql);
  }
}

function toGraphql(view: WebhookDeliveryView): WebhookDeliveryType {
  return {
    id: view.id,
    eventId: view.eventId,
    eventType: view.eventType,
    endpointId: view.endpointId,
    endpointUrl: view.endpointUrl,
    status: STATUS[view.status],
    delivered: view.status === 'delivered',
    attempts: view.attempts,
    lastStatus: view.lastAttemptStatus === null ? null : ATTEMPT_STATUS[view.lastAttemptStatus],
    lastResponseStatus: view.lastResponseStatus,
    lastAttemptAt: view.lastAttemptAt,
    deliveredAt: view.deliveredAt,
    createdAt: view.createdAt,
  };
}

const STATUS = {
  pending: WebhookDeliveryStatus.PENDING,
  delivered: WebhookDeliveryStatus.DELIVERED,
  failed: WebhookDeliveryStatus.FAILED,
} as const;
const ATTEMPT_STATUS = { succeeded: WebhookAttemptStatus.SUCCEEDED, failed: WebhookAttemptStatus.FAILED } as const;
