import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from './json-object.scalar.js';

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

  @Field(() => Int, { nullable: true, description: 'Deliveries per second allowed; null = unlimited.' })
  rateLimitPerSecond!: number | null;

  @Field(() => GraphQLJSONObject, { description: 'Custom headers sent with every delivery.' })
  headers!: Record<string, string>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'JSON the event must contain to be delivered.' })
  filter!: Record<string, unknown> | null;

  @Field({ description: '`hmac` (v1 signatures) or `ed25519` (v1a signatures).' })
  signingScheme!: string;

  @Field(() => String, { nullable: true, description: '`whpk_` public key that verifies v1a signatures.' })
  publicKey!: string | null;

  @Field({ description: 'One message at a time, in event order: a message waits while an earlier one is retried.' })
  ordered!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Until then the pre-rotation secret also signs.' })
  previousSecretExpiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Start of the current run of failed attempts.' })
  failingSince!: Date | null;

  @Field(() => Int)
  consecutiveFailures!: number;
}
