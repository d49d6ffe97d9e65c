import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('FindingLocation')
export class FindingLocationType {
  /** One line: `GET https://api.example.com/users`, or the spec pointer. */
  @Field()
  summary!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  method!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON pointer into the OpenAPI document.' })
  pointer!: string | null;

  @Field(() => Int, { nullable: true })
  line!: number | null;

  @Field(() => Int, { nullable: true })
  column!: number | null;

  @Field(() => [FindingLocationType], { description: 'Other places where the same rule matched.' })
  others!: FindingLocationType[];
}
