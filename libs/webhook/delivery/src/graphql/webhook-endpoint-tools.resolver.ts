import { Args, Context, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import { EndpointStatsService } from '../stats/endpoint-stats.service.js';
import { SendTestEventService } from '../test-event/send-test-event.service.js';
import { toWebhookDeliveryType } from './webhook-delivery.mapper.js';
import { WebhookDeliveryType } from './webhook-delivery.type.js';
import { WebhookEndpointStatsType } from './webhook-endpoint-stats.type.js';

/** What a partner checks an endpoint with: a test event, and its delivery statistics. */
@Resolver()
export class WebhookEndpointToolsResolver {
  constructor(
    private readonly testEvents: SendTestEventService,
    private readonly endpointStats: EndpointStatsService,
  ) {}

  @Mutation(() => WebhookDeliveryType, {
    description:
      "Sends the catalogue example of an event type (default: the endpoint's first subscribed type) to this endpoint only, " +
      'signed like every delivery; the message is marked test and shows in the endpoint history.',
  })
  async sendWebhookTestEvent(
    @Context() context: WebhookGraphqlContext,
    @Args('endpointId', { type: () => ID }) endpointId: string,
    @Args('eventType', { type: () => String, nullable: true }) eventType?: string | null,
  ): Promise<WebhookDeliveryType> {
    return toWebhookDeliveryType(await this.testEvents.send(requireGraphqlIdentity(context), endpointId, eventType));
  }

  @Query(() => WebhookEndpointStatsType, {
    description: "One endpoint's delivery statistics since a time (default: the last 24 hours).",
  })
  async webhookEndpointStats(
    @Context() context: WebhookGraphqlContext,
    @Args('endpointId', { type: () => ID }) endpointId: string,
    @Args('since', { type: () => GraphQLISODateTime, nullable: true }) since?: Date | null,
  ): Promise<WebhookEndpointStatsType> {
    const view = await this.endpointStats.stats(requireGraphqlIdentity(context), endpointId, since?.toISOString());
    return {
      endpointId: view.endpointId,
      since: view.since,
      deliveredMessages: view.messages.delivered,
      failedMessages: view.messages.failed,
      pendingMessages: view.messages.pending,
      attempts: view.attempts.total,
      succeededAttempts: view.attempts.succeeded,
      failedAttempts: view.attempts.failed,
      successRate: view.successRate,
      latencyP50Ms: view.latencyP50Ms,
      latencyP95Ms: view.latencyP95Ms,
      lastSuccessAt: view.lastSuccessAt,
      lastFailureAt: view.lastFailureAt,
    };
  }
}
