import { Args, Context, GraphQLISODateTime, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import { MessageQueryService } from '../query/message-query.service.js';
import { validateLimit, validateOptionalEndpointId } from '../replay/replay-input.validator.js';
import { WebhookReplayService } from '../replay/webhook-replay.service.js';
import { toWebhookDeliveryType } from './webhook-delivery.mapper.js';
import { WebhookDeliveryType } from './webhook-delivery.type.js';

@Resolver(() => WebhookDeliveryType)
export class WebhookReplayResolver {
  constructor(
    private readonly replay: WebhookReplayService,
    private readonly messages: MessageQueryService,
  ) {}

  @Query(() => [WebhookDeliveryType], {
    description: 'The dead-letter view: messages whose retries are exhausted (or whose endpoint was disabled), newest first.',
  })
  async webhookDeadLetters(
    @Context() context: WebhookGraphqlContext,
    @Args('endpointId', { type: () => ID, nullable: true }) endpointId?: string | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
  ): Promise<WebhookDeliveryType[]> {
    const identity = requireGraphqlIdentity(context);
    const views = await this.messages.deadLetters(identity.orgId, validateOptionalEndpointId(endpointId), validateLimit(first));
    return views.map(toWebhookDeliveryType);
  }

  @Mutation(() => WebhookDeliveryType, { description: 'Sends one delivered or failed message again (same webhook-id).' })
  async resendWebhookMessage(
    @Context() context: WebhookGraphqlContext,
    @Args('messageId', { type: () => ID }) messageId: string,
  ): Promise<WebhookDeliveryType> {
    return toWebhookDeliveryType(await this.replay.resend(requireGraphqlIdentity(context), messageId));
  }

  @Mutation(() => Int, { description: "Sends again an endpoint's failed messages created since a time; returns how many." })
  async recoverWebhookMessages(
    @Context() context: WebhookGraphqlContext,
    @Args('endpointId', { type: () => ID }) endpointId: string,
    @Args('since', { type: () => GraphQLISODateTime }) since: Date,
  ): Promise<number> {
    return this.replay.recover(requireGraphqlIdentity(context), endpointId, since.toISOString());
  }

  @Mutation(() => Int, { description: 'Sends every dead letter (of one endpoint, or of all) again; returns how many.' })
  async redriveWebhookDeadLetters(
    @Context() context: WebhookGraphqlContext,
    @Args('endpointId', { type: () => ID, nullable: true }) endpointId?: string | null,
  ): Promise<number> {
    return this.replay.redrive(requireGraphqlIdentity(context), endpointId);
  }
}
