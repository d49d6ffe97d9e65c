import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('InboundWebhookSource', { description: 'A sender (CI, Git host, spec registry) allowed to POST signed events to a project.' })
export class InboundSourceType {
  @Field(() => ID)
  id!: string;

  @Field()
  projectId!: string;

  @Field()
  name!: string;

  @Field({ description: '`standard-webhooks`, `github` or `hmac-header`.' })
  scheme!: string;

  @Field(() => String, { nullable: true })
  signatureHeader!: string | null;

  @Field(() => Int)
  toleranceSeconds!: number;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field({ description: 'Where the sender posts, relative to the public API.' })
  path!: string;
}

@ObjectType('CreatedInboundWebhookSource')
export class CreatedInboundSourceType {
  @Field(() => InboundSourceType)
  source!: InboundSourceType;

  @Field({ description: 'Shown only here.' })
  secret!: string;
}

@InputType('CreateInboundWebhookSourceInput')
export class CreateInboundSourceInput {
  @Field()
  projectId!: string;

  @Field()
  name!: string;

  @Field()
  scheme!: string;

  @Field(() => String, { nullable: true })
  signatureHeader?: string | null;

  @Field(() => Int, { nullable: true })
  toleranceSeconds?: number | null;

  @Field(() => String, { nullable: true })
  secret?: string | null;
}
