import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('WebhookEndpointStats', { description: "How one endpoint's deliveries went since a time." })
export class WebhookEndpointStatsType {
  @Field(() => ID)
  endpointId!: string;

  @Field(() => GraphQLISODateTime, { description: 'Start of the window.' })
  since!: Date;

  @Field(() => Int, { description: 'Messages created in the window and delivered.' })
  deliveredMessages!: number;

  @Field(() => Int, { description: 'Messages created in the window whose retries are exhausted.' })
  failedMessages!: number;

  @Field(() => Int, { description: 'Messages created in the window still being delivered.' })
  pendingMessages!: number;

  @Field(() => Int, { description: 'Attempts made in the window.' })
  attempts!: number;

  @Field(() => Int)
  succeededAttempts!: number;

  @Field(() => Int)
  failedAttempts!: number;

  @Field(() => Float, { nullable: true, description: 'Succeeded attempts / attempts (0..1); null without attempts.' })
  successRate!: number | null;

  @Field(() => Int, { nullable: true, description: 'Median attempt latency in ms.' })
  latencyP50Ms!: number | null;

  @Field(() => Int, { nullable: true, description: '95th percentile attempt latency in ms.' })
  latencyP95Ms!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Latest succeeded attempt in the window.' })
  lastSuccessAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Latest failed attempt in the window.' })
  lastFailureAt!: Date | null;
}
