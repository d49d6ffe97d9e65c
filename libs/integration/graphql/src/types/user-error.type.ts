import { Directive, Field, ObjectType } from '@nestjs/graphql';

/**
 * A problem with a mutation's input or with the state it acts on, reported in the payload. The
 * analysis subgraph declares the same shareable type, so clients handle user errors one way.
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
