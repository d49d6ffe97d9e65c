import { Field, GraphQLISODateTime, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from './json-object.scalar.js';
import { WebhookEndpointType } from './webhook-endpoint.type.js';

@InputType('CreateWebhookEndpointInput')
export class CreateWebhookEndpointInput {
  @Field()
  url!: string;

  @Field(() => [String])
  eventTypes!: string[];

  @Field({ nullable: true })
  description?: string;

  @Field(() => String, { nullable: true })
  projectId?: string | null;

  @Field(() => Int, { nullable: true })
  rateLimitPerSecond?: number | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  headers?: Record<string, string> | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  filter?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: '`hmac` (default) or `ed25519`.' })
  signingScheme?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'One message at a time, in event order (default false).' })
  ordered?: boolean;
}

@InputType('UpdateWebhookEndpointInput', { description: 'Only the fields given change.' })
export class UpdateWebhookEndpointInput {
  @Field({ nullable: true })
  url?: string;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[];

  @Field({ nullable: true })
  description?: string;

  @Field({ nullable: true })
  enabled?: boolean;

  @Field(() => Int, { nullable: true, description: '0 removes the limit.' })
  rateLimitPerSecond?: number;

  @Field(() => GraphQLJSONObject, { nullable: true })
  headers?: Record<string, string>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'An empty object removes the filter.' })
  filter?: Record<string, unknown>;

  @Field(() => Boolean, { nullable: true })
  ordered?: boolean;
}

@ObjectType('CreatedWebhookEndpoint')
export class CreatedWebhookEndpointType {
  @Field(() => WebhookEndpointType)
  endpoint!: WebhookEndpointType;

  @Field({ description: '`whsec_` signing secret (hmac endpoints), shown only here; empty for ed25519.' })
  secret!: string;
}

@ObjectType('RotatedWebhookSecret')
export class RotatedWebhookSecretType {
  @Field({ description: 'The new `whsec_` secret (hmac), shown only here; empty for ed25519.' })
  secret!: string;

  @Field(() => String, { nullable: true })
  publicKey!: string | null;

  @Field(() => GraphQLISODateTime)
  previousSecretExpiresAt!: Date;
}
