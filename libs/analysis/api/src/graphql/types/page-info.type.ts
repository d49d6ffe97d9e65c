import { Field, ObjectType } from '@nestjs/graphql';

/** Relay page information; cursors are opaque strings, valid only for the list that returned them. */
@ObjectType('PageInfo')
export class PageInfoType {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'True when the page was requested with `after` (lists are forward-only).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}
