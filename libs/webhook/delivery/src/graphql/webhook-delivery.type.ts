import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { WebhookAttemptStatus, WebhookDeliveryStatus } from './webhook-delivery-status.enum.js';

@ObjectType('WebhookDelivery', { description: 'One event sent (or being sent) to one webhook endpoint.' })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The message id, sent as the `webhook-id` header on every attempt.' })
  id!: string;

  @Field(() => ID)
  eventId!: string;

  @Field()
  eventType!: string;

  @Field(() => ID)
  endpointId!: string;

  @Field()
  endpointUrl!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field({ description: 'True once an attempt got a 2xx answer.' })
  delivered!: boolean;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => WebhookAttemptStatus, {
    nullable: true,
    description: 'Outcome of the latest attempt; null before the first.',
  })
  lastStatus!: WebhookAttemptStatus | null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the latest attempt, when the endpoint answered.' })
  lastResponseStatus!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field({ description: 'True for a test event sent with sendWebhookTestEvent (its eventId starts with "test_").' })
  test!: boolean;
}
