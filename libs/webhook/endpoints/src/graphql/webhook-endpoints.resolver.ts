import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import { WebhookEndpointUpdateService } from '../webhook-endpoint-update.service.js';
import { WebhookEndpointService } from '../webhook-endpoint.service.js';
import {
  CreatedWebhookEndpointType,
  CreateWebhookEndpointInput,
  RotatedWebhookSecretType,
  UpdateWebhookEndpointInput,
} from './webhook-endpoint.inputs.js';
import { WebhookEndpointType } from './webhook-endpoint.type.js';

@Resolver(() => WebhookEndpointType)
export class WebhookEndpointsResolver {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly updates: WebhookEndpointUpdateService,
  ) {}

  @Query(() => [WebhookEndpointType], { description: "The caller org's webhook endpoints (deleted ones excluded)." })
  async webhookEndpoints(
    @Context() context: WebhookGraphqlContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId?: string | null,
  ): Promise<WebhookEndpointType[]> {
    return this.endpoints.list(requireGraphqlIdentity(context), projectId);
  }

  @Mutation(() => CreatedWebhookEndpointType)
  async createWebhookEndpoint(
    @Context() context: WebhookGraphqlContext,
    @Args('input') input: CreateWebhookEndpointInput,
  ): Promise<CreatedWebhookEndpointType> {
    return this.endpoints.create(requireGraphqlIdentity(context), {
      ...input,
      filterJson: input.filter ? JSON.stringify(input.filter) : null,
    });
  }

  @Mutation(() => WebhookEndpointType)
  async updateWebhookEndpoint(
    @Context() context: WebhookGraphqlContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointType> {
    const { filter, ...rest } = input;
    const filterJson = filter === undefined ? undefined : Object.keys(filter).length === 0 ? '' : JSON.stringify(filter);
    return this.updates.update(requireGraphqlIdentity(context), id, { ...rest, filterJson });
  }

  @Mutation(() => RotatedWebhookSecretType, {
    description: 'New signing secret; the previous one keeps signing beside it for graceSeconds (default 24 h).',
  })
  async rotateWebhookEndpointSecret(
    @Context() context: WebhookGraphqlContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('graceSeconds', { type: () => Int, nullable: true }) graceSeconds?: number | null,
  ): Promise<RotatedWebhookSecretType> {
    return this.updates.rotateSecret(requireGraphqlIdentity(context), id, graceSeconds ?? undefined);
  }

  @Mutation(() => Boolean)
  async deleteWebhookEndpoint(
    @Context() context: WebhookGraphqlContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.endpoints.delete(requireGraphqlIdentity(context), id);
    return true;
  }
}
