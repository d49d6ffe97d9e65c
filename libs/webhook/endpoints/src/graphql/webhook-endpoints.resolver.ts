import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import { WebhookEndpointService } from '../webhook-endpoint.service.js';
import { WebhookEndpointType } from './webhook-endpoint.type.js';

@Resolver(() => WebhookEndpointType)
export class WebhookEndpointsResolver {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Query(() => [WebhookEndpointType], { description: "The caller org's webhook endpoints (deleted ones excluded)." })
  async webhookEndpoints(
    @Context() context: WebhookGraphqlContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId?: string | null,
  ): Promise<WebhookEndpointType[]> {
    return this.endpoints.list(requireGraphqlIdentity(context), projectId);
  }
}
