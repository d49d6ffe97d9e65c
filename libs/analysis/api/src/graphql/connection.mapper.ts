import type { PageView } from '@so/analysis-feature';
import type { PageInfoType } from './types/page-info.type.js';

/** Relay edges and page info from a use case's page. */
export function toConnection<T, N>(
  page: PageView<T>,
  toNode: (item: T) => N,
): { edges: Array<{ cursor: string; node: N }>; pageInfo: PageInfoType } {
  const edges = page.items.map((item) => ({ cursor: item.cursor, node: toNode(item.node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
