import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AiAssessment', { description: "The optional AI analyzer's explanation and ranking of a finding." })
export class AiAssessmentType {
  @Field()
  explanation!: string;

  @Field(() => Int, { description: '1 (fix first) to 5 (can wait).' })
  priority!: number;

  @Field({ description: 'The model that answered.' })
  model!: string;

  @Field()
  assessedAt!: Date;
}
