import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('FindingEvidence')
export class FindingEvidenceType {
  @Field()
  request!: string;

  @Field()
  response!: string;
}
