import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Project', { description: 'An API project; analyses belong to one.' })
@Directive('@key(fields: "id")')
export class ProjectType {
  @Field(() => ID)
  id!: string;

  /** The caller-chosen key (what REST, gRPC and events call projectId). */
  @Field()
  key!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}
