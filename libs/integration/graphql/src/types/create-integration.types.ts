import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IntegrationType } from './integration.type.js';
import { UserErrorType } from './user-error.type.js';

/** One setting or secret; string values keep the contract the same as the gRPC API's string maps. */
@InputType('IntegrationSettingInput')
export class IntegrationSettingInput {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@InputType('CreateIntegrationInput')
export class CreateIntegrationInput {
  @Field({ description: 'Project key.' })
  projectId!: string;

  @Field()
  name!: string;

  @Field({ description: 'jira, slack, github or generic_http.' })
  type!: string;

  @Field(() => [IntegrationSettingInput], { nullable: true, description: 'Non-secret settings (URLs, keys, channels).' })
  config?: IntegrationSettingInput[] | null;

  @Field(() => [IntegrationSettingInput], { nullable: true, description: 'Secrets (tokens); stored encrypted, never returned.' })
  credentials?: IntegrationSettingInput[] | null;
}

@ObjectType('CreateIntegrationPayload')
export class CreateIntegrationPayload {
  @Field(() => IntegrationType, { nullable: true })
  integration!: IntegrationType | null;

  @Field(() => [UserErrorType])
  userErrors!: UserErrorType[];
}
