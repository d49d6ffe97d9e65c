/** One page of a keyset-paginated list, transport-neutral (GraphQL maps it to a Relay connection). */
export interface PageView<T> {
  items: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
  /** A forward-only keyset list knows it is not at the start when it was given a cursor. */
  hasPreviousPage: boolean;
}
