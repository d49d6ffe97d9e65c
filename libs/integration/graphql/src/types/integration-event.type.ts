import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/** A domain event the integration service recorded for an analysis (what connectors act on). */
@ObjectType('IntegrationEvent')
export class IntegrationEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'Id of the domain event (unique across the platform).' })
  eventId!: string;

  @Field({ description: 'Domain event type: finding.detected or analysis.completed.' })
  eventType!: string;

  @Field()
  projectId!: string;

  @Field(() => ID)
  analysisId!: string;

  @Field(() => String, { nullable: true })
  findingId!: string | null;

  @Field(() => String, { nullable: true })
  findingFingerprint!: string | null;

  @Field(() => String, { nullable: true, description: 'critical, high, medium, low or info.' })
  findingSeverity!: string | null;

  @Field(() => String, { nullable: true })
  findingTitle!: string | null;

  @Field(() => String, { nullable: true })
  findingRuleId!: string | null;

  @Field(() => String, { nullable: true })
  owaspCategory!: string | null;

  @Field(() => String, { nullable: true, description: 'Terminal status, on analysis.completed.' })
  analysisStatus!: string | null;

  @Field(() => Int, { nullable: true })
  findingCount!: number | null;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field()
  occurredAt!: Date;

  @Field()
  receivedAt!: Date;
}
