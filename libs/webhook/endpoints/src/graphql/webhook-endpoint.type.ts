import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('WebhookEndpoint', {
  description: 'A partner subscription: where events are POSTed, signed (Standard Webhooks).',
})
export class WebhookEndpointType {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [String], { description: 'Catalogue event types, `prefix.*` wildcards or `*`.' })
  eventTypes!: string[];

  @Field()
  description!: string;

  @Field({ description: 'False once the endpoint was disabled (e.g. it answered 410 Gone) or deleted.' })
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: 'Project key; null means every project of the org.' })
  projectId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;
}
