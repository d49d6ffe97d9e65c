import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum IntegrationStatusValue {
  INACTIVE = 'INACTIVE',
  CONNECTING = 'CONNECTING',
  ACTIVE = 'ACTIVE',
  ERROR = 'ERROR',
  RECONNECTING = 'RECONNECTING',
}

registerEnumType(IntegrationStatusValue, {
  name: 'IntegrationStatus',
  description: 'INACTIVE until a connector has checked the external system.',
});

/** A connection to an external system (never its credentials). */
@ObjectType('Integration')
export class IntegrationType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Project key the integration is attached to.' })
  projectId!: string;

  @Field()
  name!: string;

  @Field({ description: 'jira, slack, github, generic_http or spec_source.' })
  type!: string;

  @Field(() => IntegrationStatusValue)
  status!: IntegrationStatusValue;

  @Field()
  statusMessage!: string;

  @Field(() => Date, { nullable: true })
  lastCheckedAt!: Date | null;
}
