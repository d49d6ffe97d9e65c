import { Directive, Field, ObjectType } from '@nestjs/graphql';

/**
 * A problem with a mutation's input or with the state it acts on, reported in the payload so a form
 * can show it next to the field. Errors the caller cannot fix (unavailable, internal) stay GraphQL
 * errors. Shareable: every subgraph reports user errors with this same type.
 */
@ObjectType('UserError')
@Directive('@shareable')
export class UserErrorType {
  @Field(() => String, { nullable: true, description: 'Input path, e.g. `config.maxDepth`; null when not about one field.' })
  field!: string | null;

  @Field()
  message!: string;

  @Field({ description: 'Stable code, e.g. ANALYSIS.INVALID_REQUEST or ANALYSIS.ALREADY_FINISHED.' })
  code!: string;
}
