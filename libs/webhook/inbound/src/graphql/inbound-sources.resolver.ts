import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import { inboundPath } from '../grpc/webhook-inbound.grpc.controller.js';
import type { InboundSourceView } from '../inbound-source.model.js';
import { InboundSourceService } from '../inbound-source.service.js';
import { CreatedInboundSourceType, CreateInboundSourceInput, InboundSourceType } from './inbound-source.type.js';

@Resolver(() => InboundSourceType)
export class InboundSourcesResolver {
  constructor(private readonly sources: InboundSourceService) {}

  @Query(() => [InboundSourceType])
  async inboundWebhookSources(
    @Context() context: WebhookGraphqlContext,
    @Args('projectId', { type: () => String, nullable: true }) projectId?: string | null,
  ): Promise<InboundSourceType[]> {
    return (await this.sources.list(requireGraphqlIdentity(context), projectId)).map(toType);
  }

  @Mutation(() => CreatedInboundSourceType)
  async createInboundWebhookSource(
    @Context() context: WebhookGraphqlContext,
    @Args('input') input: CreateInboundSourceInput,
  ): Promise<CreatedInboundSourceType> {
    const created = await this.sources.create(requireGraphqlIdentity(context), input);
    return { source: toType(created.source), secret: created.secret };
  }

  @Mutation(() => Boolean)
  async deleteInboundWebhookSource(
    @Context() context: WebhookGraphqlContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.sources.delete(requireGraphqlIdentity(context), id);
    return true;
  }
}

function toType(view: InboundSourceView): InboundSourceType {
  return { ...view, path: inboundPath(view.id) };
}
